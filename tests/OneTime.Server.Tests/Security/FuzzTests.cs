using System.Net;
using System.Text;
using CsCheck;
using OneTime.Core;
using OneTime.Server.Tests.Api;
using OneTime.Server.Tests.Storage;

namespace OneTime.Server.Tests.Security;

/// <summary>Generated requests at every endpoint, on every store: whatever arrives, the answer is never a 5xx.</summary>
public abstract class FuzzTests(OneTimeAppFactory app)
{
    public const string AdminKey = "fuzz-admin-key-0123456789";

    /// <summary>The audit export is on, so that its endpoint is fuzzed too.</summary>
    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["OneTime:Admin:ApiKeys:0"] = AdminKey,
    };

    private static readonly string[] Fields = ["ciphertext", "verifier", "ttl", "maxLogins", "label", "authToken", "recipient", "format"];

    private static readonly Gen<string> Junk = Gen.String[Gen.Char, 0, 40];

    private static readonly Gen<string> JsonValue = Gen.OneOf(
        Gen.Const("null"),
        Gen.Const("true"),
        Gen.Const("99999999999999999999999999999"),
        Gen.Const("-1"),
        Gen.Const("1e400"),
        Gen.Const("[]"),
        Gen.Const("{\"a\":{\"b\":[1,{}]}}"),
        Gen.Const("\"1h\""),
        Gen.Const("\"AAECAwQFBgcICQoLmWfm4a1NlJ7ubZ33bLOxiPJFiEC1wgwpTk0GiBNFTzF3hzwgzMDhgfY8jHX_uxN3RxZHdw\""),
        Gen.Const("\"WoNrccR2P74hCez9Aayfhp1wIB8K7bsdhFEYL2hzN8c\""),
        Gen.Int.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Junk.Select(s => System.Text.Json.JsonSerializer.Serialize(s, CoreJsonContext.Default.String)));

    private static readonly Gen<string> JsonObject =
        Gen.Select(Gen.Int[0, Fields.Length - 1], JsonValue).Array[0, 8]
            .Select(pairs => "{" + string.Join(',', pairs.Select(p => $"\"{Fields[p.Item1]}\":{p.Item2}")) + "}");

    private static readonly Gen<string?> Body = Gen.OneOf(
        Gen.Const((string?)null),
        JsonObject.Select(s => (string?)s),
        Junk.Select(s => (string?)s),
        JsonObject.Select(s => (string?)s[..(s.Length / 2)]));

    [Fact]
    public async Task Generated_Requests_Never_Get_A_5xx_And_Api_Errors_Are_Problem_Details()
    {
        var client = new SecretClient(app.CreateHttpClient());
        var secret = await client.ShareAsync("fuzzed", maxLogins: 5);
        var ids = Gen.OneOf(
            Gen.Const(secret.Id),
            Gen.Const(SecretId.New().Value),
            Junk.Select(Uri.EscapeDataString),
            Gen.Const("..%2F..%2Fetc%2Fpasswd"),
            Gen.Const(new string('A', 300)));
        var paths = Gen.Select(Gen.Int[0, 9], ids, Junk).Select((template, id, junk) => template switch
        {
            0 => "/api/v1/secrets",
            1 => $"/api/v1/secrets/{id}",
            2 => $"/api/v1/secrets/{id}/open",
            3 => $"/api/v1/secrets/{id}/manage",
            4 => $"/api/v1/secrets/{id}/burn",
            5 => $"/api/v1/audit?since={Uri.EscapeDataString(junk)}&until=2026-12-31T00:00:00Z&format={Uri.EscapeDataString(junk)}",
            6 => "/api/v1/settings",
            7 => $"/s/{id}",
            8 => $"/m/{id}",
            _ => "/" + Uri.EscapeDataString(junk),
        });
        var authorizations = Gen.OneOf(
            Gen.Const((string?)null),
            Gen.Const((string?)("Bearer " + secret.Created.ManageToken)),
            Gen.Const((string?)("Bearer " + AdminKey)),
            Junk.Select(j => (string?)("Bearer " + j)));
        string[] verbs = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"];
        var methods = Gen.Int[0, verbs.Length - 1].Select(i => verbs[i]);
        var requests = Gen.Select(methods, paths, Body, authorizations);

        await requests.SampleAsync(
            async (method, path, body, authorization) =>
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (body is not null && method is not ("GET" or "HEAD"))
                {
                    request.Content = new StringContent(body, Encoding.UTF8, new System.Net.Http.Headers.MediaTypeHeaderValue("application/json"));
                }

                if (authorization is not null)
                {
                    request.Headers.TryAddWithoutValidation("Authorization", authorization);
                }

                using var response = await client.Http.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                Assert.True((int)response.StatusCode < 500, $"{method} {path} -> {(int)response.StatusCode}: {text}");
                Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
                if (path.StartsWith("/api/", StringComparison.Ordinal) && (int)response.StatusCode >= 400 && method != "HEAD"
                    && response.StatusCode != HttpStatusCode.BadRequest | text.Length > 0)
                {
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                }
            },
            iter: 600,
            threads: 1);
    }
}

public sealed class SqliteFuzzAppFactory() : OneTimeAppFactory(FuzzTests.Settings);

public sealed class PostgresFuzzAppFactory(PostgresFixture postgres) : PostgresAppFactory(postgres, FuzzTests.Settings);

public sealed class RedisFuzzAppFactory(RedisFixture redis) : RedisAppFactory(redis, FuzzTests.Settings);

public sealed class SqliteFuzzTests(SqliteFuzzAppFactory app) : FuzzTests(app), IClassFixture<SqliteFuzzAppFactory>;

[Trait("Store", "postgres")]
public sealed class PostgresFuzzTests(PostgresFuzzAppFactory app) : FuzzTests(app), IClassFixture<PostgresFuzzAppFactory>;

[Trait("Store", "redis")]
public sealed class RedisFuzzTests(RedisFuzzAppFactory app) : FuzzTests(app), IClassFixture<RedisFuzzAppFactory>;
