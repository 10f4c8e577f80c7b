using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace OneTime.Cli.Tests.Api;

/// <summary>
/// The OpenAPI document parses, and describes every endpoint the app really maps, with bodies,
/// examples and problem answers. A new endpoint without documentation fails here.
/// </summary>
public sealed class OpenApiDocumentTests(OneTimeServer server) : IClassFixture<OneTimeServer>
{
    /// <summary>Endpoints that are not part of the JSON API and say so by design, not by omission.</summary>
    private static readonly string[] NotTheApi =
    [
        "/openapi/{documentName}.json", // the document itself
        "/metrics", // Prometheus text format for scrapers, see docs/configuration.md
    ];

    [Fact]
    public async Task The_document_parses_without_errors()
    {
        var (document, diagnostic) = await LoadAsync();

        Assert.Empty(diagnostic.Errors);
        Assert.Equal("OneTime API", document.Info.Title);
        Assert.StartsWith("3.1", diagnostic.SpecificationVersion.ToString().Replace("OpenApi", "", StringComparison.Ordinal).Replace('_', '.'), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_mapped_endpoint_is_documented_or_deliberately_left_out()
    {
        var (document, _) = await LoadAsync();
        var documented = document.Paths
            .SelectMany(path => path.Value.Operations!.Keys.Select(method => $"{method.Method.ToUpperInvariant()} {path.Key}"))
            .ToHashSet();

        var mapped = MappedEndpoints().ToList();
        var missing = mapped
            .Where(e => !e.Excluded && !NotTheApi.Contains(e.Route))
            .SelectMany(e => e.Methods.Select(method => $"{method} {e.Route}"))
            .Where(operation => !documented.Contains(operation))
            .ToList();
        var stale = documented.Where(operation => !mapped.Any(e => e.Methods.Any(m => $"{m} {e.Route}" == operation))).ToList();

        Assert.True(missing.Count == 0, $"Mapped but not in the OpenAPI document (document them or ExcludeFromDescription): {string.Join(", ", missing)}");
        Assert.Empty(stale);
        Assert.Contains("POST /api/v1/secrets/{id}/open", documented);
        Assert.True(documented.Count >= 8, string.Join(", ", documented));
    }

    [Fact]
    public async Task Every_operation_has_a_description_examples_and_coded_problem_answers()
    {
        var (document, _) = await LoadAsync();
        var problemCodes = ((OpenApiSchema)document.Components!.Schemas!["Problem"]).Properties!["code"].Enum!.Select(c => c.GetValue<string>()).ToHashSet();

        foreach (var (path, item) in document.Paths)
        {
            foreach (var (method, operation) in item.Operations!)
            {
                var name = $"{method} {path}";
                Assert.False(string.IsNullOrWhiteSpace(operation.Summary), $"{name} has no summary");
                Assert.False(string.IsNullOrWhiteSpace(operation.Description), $"{name} has no description (OpenApi/ApiOperations.cs)");
                Assert.NotNull(operation.OperationId);

                if (method == HttpMethod.Post)
                {
                    var body = operation.RequestBody?.Content?["application/json"];
                    Assert.True(body?.Schema is not null && body.Example is not null, $"{name} has no request body with an example");
                }

                var success = operation.Responses!.Where(r => r.Key.StartsWith('2')).ToList();
                Assert.True(success.Count == 1, $"{name} should have one success answer");
                foreach (var media in success[0].Value.Content?.Values ?? [])
                {
                    Assert.True(media.Example is not null || media.Examples?.Count > 0, $"{name} has a success answer without an example");
                }

                foreach (var (status, response) in operation.Responses!.Where(r => r.Key[0] is '4' or '5'))
                {
                    var problem = response.Content?["application/problem+json"];
                    Assert.True(problem?.Examples?.Count > 0, $"{name} {status} has no problem examples");
                    foreach (var example in problem!.Examples!.Values)
                    {
                        Assert.Equal(int.Parse(status, System.Globalization.CultureInfo.InvariantCulture), example.Value!["status"]!.GetValue<int>());
                        Assert.Contains(example.Value!["code"]!.GetValue<string>(), problemCodes);
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData("/api/v1/secrets/{id}/open", "post", new[] { "400", "403", "404", "410", "413", "429", "503" })]
    [InlineData("/api/v1/secrets", "post", new[] { "400", "413", "429", "503" })]
    [InlineData("/api/v1/secrets/{id}", "get", new[] { "404", "429", "503" })]
    [InlineData("/api/v1/secrets/{id}/manage", "get", new[] { "401", "429", "503" })]
    [InlineData("/api/v1/secrets/{id}", "delete", new[] { "401", "429", "503" })]
    public async Task Operations_list_the_errors_they_can_answer(string path, string method, string[] statuses)
    {
        var (document, _) = await LoadAsync();

        var operation = document.Paths[path].Operations![HttpMethod.Parse(method)];

        Assert.Equal(statuses, operation.Responses!.Keys.Where(k => k[0] is '4' or '5').Order());
    }

    [Fact]
    public async Task Exactly_the_rate_limited_endpoints_document_a_429()
    {
        var (document, _) = await LoadAsync();
        var limited = server.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<EnableRateLimitingAttribute>() is not null)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}"))
            .ToHashSet();
        Assert.Contains("POST /api/v1/secrets", limited);

        foreach (var (path, item) in document.Paths)
        {
            foreach (var (method, operation) in item.Operations!)
            {
                var name = $"{method.Method.ToUpperInvariant()} {path}";
                var documents429 = operation.Responses!.TryGetValue("429", out var tooMany)
                    && tooMany.Content!["application/problem+json"].Examples!.ContainsKey("rate_limited");
                Assert.True(
                    documents429 == limited.Contains(name),
                    limited.Contains(name) ? $"{name} is rate limited but documents no 429 rate_limited" : $"{name} documents a 429 but has no rate-limit policy");
            }
        }
    }

    [Fact]
    public async Task The_gone_answer_shows_all_three_reasons()
    {
        var (document, _) = await LoadAsync();

        var gone = document.Paths["/api/v1/secrets/{id}/open"].Operations![HttpMethod.Post].Responses!["410"];

        Assert.Equal(["burned", "expired", "used_up"], gone.Content!["application/problem+json"].Examples!.Keys.Order());
    }

    public static TheoryData<string, string, string?, string, string> RealAnswers => new()
    {
        { "GET", "/api/v1/secrets/Qm9vb29vb29vb29vb29vbw", null, "/api/v1/secrets/{id}", "not_found" },
        { "POST", "/api/v1/secrets/Qm9vb29vb29vb29vb29vbw/open", "{\"authToken\":\"Rmf6ci9MhSAfm3h3uLk55nqg3vWgt19t-hEb89OxrOg\"}", "/api/v1/secrets/{id}/open", "not_found" },
        { "POST", "/api/v1/secrets/Qm9vb29vb29vb29vb29vbw/open", "{\"authToken\":\"short\"}", "/api/v1/secrets/{id}/open", "validation_failed:authToken" },
        { "POST", "/api/v1/secrets/Qm9vb29vb29vb29vb29vbw/open", "{\"recipient\":\"" + new string('x', 17 * 1024) + "\"}", "/api/v1/secrets/{id}/open", "payload_too_large" },
        { "POST", "/api/v1/secrets/Qm9vb29vb29vb29vb29vbw/burn", "not json", "/api/v1/secrets/{id}/burn", "validation_failed:body" },
        { "POST", "/api/v1/secrets", "{\"ciphertext\":\"AAECAwQFBgcICQoLmWfm4a1NlJ7ubZ33bLOxiPJFiEC1wgwpTk0GiBNFTzF3hzwgzMDhgfY8jHX_uxN3RxZHdw\",\"verifier\":\"WoNrccR2P74hCez9Aayfhp1wIB8K7bsdhFEYL2hzN8c\",\"ttl\":\"2h\",\"maxLogins\":1}", "/api/v1/secrets", "validation_failed:ttl" },
        { "DELETE", "/api/v1/secrets/Qm9vb29vb29vb29vb29vbw", null, "/api/v1/secrets/{id}", "unauthorized" },
    };

    [Theory]
    [MemberData(nameof(RealAnswers))]
    public async Task Problem_examples_are_what_the_server_really_answers(string method, string url, string? body, string path, string example)
    {
        var (document, _) = await LoadAsync();
        using var http = server.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Parse(method), url);
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var actual = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var documented = document.Paths[path].Operations![HttpMethod.Parse(method)].Responses!;

        Assert.True(documented.ContainsKey(status), $"{method} {path} answered {status}, which the document does not list");
        var expected = documented[status].Content!["application/problem+json"].Examples![example].Value!;
        foreach (var field in new[] { "type", "title", "status", "detail", "code", "field" })
        {
            Assert.Equal(expected[field]?.ToJsonString(), actual[field]?.ToJsonString());
        }
    }

    [Fact]
    public async Task Numbers_are_integers_not_strings_and_required_request_fields_are_not_nullable()
    {
        var (document, _) = await LoadAsync();
        var create = (OpenApiSchema)document.Components!.Schemas!["CreateSecretRequest"];

        Assert.Equal(JsonSchemaType.Integer, create.Properties!["maxLogins"].Type);
        Assert.Equal(JsonSchemaType.String, create.Properties!["ciphertext"].Type);
        Assert.Equal(["ciphertext", "maxLogins", "ttl", "verifier"], create.Required!.Order());
    }

    private async Task<(OpenApiDocument Document, OpenApiDiagnostic Diagnostic)> LoadAsync()
    {
        using var http = server.CreateHttpClient();
        using var response = await http.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var stream = await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);
        var result = await OpenApiDocument.LoadAsync(stream, "json", cancellationToken: TestContext.Current.CancellationToken);
        return (result.Document!, result.Diagnostic!);
    }

    private IEnumerable<(string Route, IReadOnlyList<string> Methods, bool Excluded)> MappedEndpoints() =>
        server.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => (
                Route: "/" + e.RoutePattern.RawText!.TrimStart('/'),
                Methods: (IReadOnlyList<string>)(e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]),
                Excluded: e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription == true));
}
