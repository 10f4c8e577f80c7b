using System.Net;
using System.Net.Http.Json;
using System.Text;
using OneTime.Core;

namespace OneTime.Server.Tests.Api;

/// <summary>
/// Every kind of bad input gets a 4xx with problem details, never a 5xx, and changes nothing; on
/// every store, since each refuses different things (PostgreSQL, for one, refuses NUL in text).
/// </summary>
public abstract class BadInputTests(OneTimeAppFactory app)
{
    private const string Ciphertext = "AAECAwQFBgcICQoLmWfm4a1NlJ7ubZ33bLOxiPJFiEC1wgwpTk0GiBNFTzF3hzwgzMDhgfY8jHX_uxN3RxZHdw";
    private const string Verifier = "WoNrccR2P74hCez9Aayfhp1wIB8K7bsdhFEYL2hzN8c";

    private readonly HttpClient _http = app.CreateHttpClient();

    public static TheoryData<string, string, int, string> BadCreates => new()
    {
        { "empty body", "", 400, "body" },
        { "not JSON", "ciphertext=abc", 400, "body" },
        { "JSON null", "null", 400, "body" },
        { "an array", "[]", 400, "body" },
        { "truncated JSON", "{\"ciphertext\":", 400, "ciphertext" },
        { "no fields", "{}", 400, "ciphertext" },
        { "ciphertext not base64url", Body(ciphertext: "\"not base64!\""), 400, "ciphertext" },
        { "ciphertext with padding", Body(ciphertext: "\"AAECAwQFBgcICQoLmWfm4a1NlJ7ubZ33bLOxiPJFiEC1wgwpTk0GiBNFTzF3hzwgzMDhgfY8jHX_uxN3RxZHdw==\""), 400, "ciphertext" },
        { "ciphertext shorter than nonce and tag", Body(ciphertext: "\"AAECAwQFBgcICQoL\""), 400, "ciphertext" },
        { "ciphertext a number", Body(ciphertext: "12"), 400, "ciphertext" },
        { "verifier missing", Body(verifier: "null"), 400, "verifier" },
        { "verifier too short", Body(verifier: "\"AAAA\""), 400, "verifier" },
        { "ttl not offered", Body(ttl: "\"2h\""), 400, "ttl" },
        { "ttl nonsense", Body(ttl: "\"forever\""), 400, "ttl" },
        { "ttl a number", Body(ttl: "3600"), 400, "ttl" },
        { "maxLogins not offered", Body(maxLogins: "4"), 400, "maxLogins" },
        { "maxLogins zero", Body(maxLogins: "0"), 400, "maxLogins" },
        { "maxLogins negative", Body(maxLogins: "-1"), 400, "maxLogins" },
        { "maxLogins huge", Body(maxLogins: "99999999999999999999999999"), 400, "maxLogins" },
        { "maxLogins fractional", Body(maxLogins: "1.5"), 400, "maxLogins" },
        { "maxLogins a string", Body(maxLogins: "\"1\""), 400, "maxLogins" },
        { "label too long", Body(label: $"\"{new string('x', 201)}\""), 400, "label" },
        { "duplicate field", $"{{\"ciphertext\":\"{Ciphertext}\",\"verifier\":\"{Verifier}\",\"ttl\":\"1h\",\"ttl\":\"30d\",\"maxLogins\":1}}", 400, "ttl" },
    };

    public static TheoryData<string, string, int, string> BadOpens => new()
    {
        { "empty body", "", 400, "body" },
        { "not JSON", "authToken=abc", 400, "body" },
        { "no authToken", "{}", 400, "authToken" },
        { "authToken not base64url", "{\"authToken\":\"%%%\"}", 400, "authToken" },
        { "authToken too short", "{\"authToken\":\"AAAA\"}", 400, "authToken" },
        { "authToken a number", "{\"authToken\":42}", 400, "authToken" },
        { "authToken an object", "{\"authToken\":{}}", 400, "authToken" },
        { "recipient too long", $"{{\"authToken\":\"{Verifier}\",\"recipient\":\"{new string('x', 101)}\"}}", 400, "recipient" },
    };

    [Theory]
    [MemberData(nameof(BadCreates))]
    public async Task Bad_Create_Requests_Get_A_Problem_Naming_The_Field(string name, string body, int status, string field)
    {
        using var response = await PostAsync("/api/v1/secrets", body);

        var problem = await Problem.AssertAsync(response, (HttpStatusCode)status, "validation_failed");
        Assert.True(field == problem.GetProperty("field").GetString(), name);
    }

    [Theory]
    [MemberData(nameof(BadOpens))]
    public async Task Bad_Open_Requests_Get_A_Problem_And_Consume_Nothing(string name, string body, int status, string field)
    {
        var secret = await new SecretClient(_http).ShareAsync("still here");

        using var response = await PostAsync($"/api/v1/secrets/{secret.Id}/open", body);

        var problem = await Problem.AssertAsync(response, (HttpStatusCode)status, "validation_failed");
        Assert.True(field == problem.GetProperty("field").GetString(), name);
        Assert.Equal("still here", await new SecretClient(_http).OpenTextAsync(secret));
    }

    [Theory]
    [InlineData("GET", "/api/v1/secrets/..%2F..%2Fetc%2Fpasswd", 404, "not_found")]
    [InlineData("GET", "/api/v1/secrets/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 404, "not_found")]
    [InlineData("POST", "/api/v1/secrets/%F0%9F%94%91/open", 404, "not_found")]
    [InlineData("GET", "/api/v2/secrets", 404, "unknown_endpoint")]
    [InlineData("POST", "/tools/onetime/api/v1/secrets", 404, "unknown_endpoint")]
    [InlineData("PUT", "/api/v1/secrets", 405, "method_not_allowed")]
    [InlineData("DELETE", "/api/v1/settings", 405, "method_not_allowed")]
    [InlineData("GET", "/api/v1/secrets/AAAAAAAAAAAAAAAAAAAAAA/open", 405, "method_not_allowed")]
    public async Task Odd_Paths_And_Methods_Get_A_Problem(string method, string path, int status, string code)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new StringContent("{\"authToken\":\"" + Verifier + "\"}", Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);

        await Problem.AssertAsync(response, (HttpStatusCode)status, code);
    }

    [Fact]
    public async Task A_Nul_In_The_Path_Is_Refused_By_Kestrel_Before_The_App_Sees_It()
    {
        // Kestrel answers malformed request targets itself, with an empty 400: still a 4xx.
        using var response = await _http.GetAsync("/api/v1/secrets/%00", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Oversized_Open_Body_Is_413()
    {
        using var response = await PostAsync($"/api/v1/secrets/{SecretId.New()}/open", $"{{\"authToken\":\"{new string('A', 20_000)}\"}}");

        await Problem.AssertAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task A_Label_With_Control_Characters_Is_Kept_Without_Them()
    {
        using var created = await PostAsync("/api/v1/secrets", Body(label: "\"  Acme\\u0000 VPN\\n\\u001b[31m \""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var secret = (await created.Content.ReadFromJsonAsync(CoreJsonContext.Default.CreateSecretResponse, TestContext.Current.CancellationToken))!;

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/secrets/{secret.Id}/manage");
        request.Headers.Authorization = new("Bearer", secret.ManageToken);
        using var managed = await _http.SendAsync(request, TestContext.Current.CancellationToken);

        managed.EnsureSuccessStatusCode();
        var label = (await managed.Content.ReadFromJsonAsync(CoreJsonContext.Default.ManageSecretResponse, TestContext.Current.CancellationToken))!.Label;
        Assert.Equal("Acme VPN[31m", label);
    }

    [Fact]
    public async Task Unknown_Fields_Are_Ignored_For_Forward_Compatibility()
    {
        using var response = await PostAsync(
            "/api/v1/secrets",
            $"{{\"ciphertext\":\"{Ciphertext}\",\"verifier\":\"{Verifier}\",\"ttl\":\"1h\",\"maxLogins\":1,\"future\":{{\"x\":[1,2]}}}}");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static string Body(
        string ciphertext = $"\"{Ciphertext}\"", string verifier = $"\"{Verifier}\"", string ttl = "\"1h\"", string maxLogins = "1", string label = "null") =>
        $"{{\"ciphertext\":{ciphertext},\"verifier\":{verifier},\"ttl\":{ttl},\"maxLogins\":{maxLogins},\"label\":{label}}}";

    private Task<HttpResponseMessage> PostAsync(string path, string body) =>
        _http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
}

public sealed class SqliteBadInputTests(OneTimeAppFactory app) : BadInputTests(app), IClassFixture<OneTimeAppFactory>;

[Trait("Store", "postgres")]
public sealed class PostgresBadInputTests(PostgresAppFactory app) : BadInputTests(app), IClassFixture<PostgresAppFactory>;

[Trait("Store", "redis")]
public sealed class RedisBadInputTests(RedisAppFactory app) : BadInputTests(app), IClassFixture<RedisAppFactory>;
