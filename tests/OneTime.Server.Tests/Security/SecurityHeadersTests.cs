using System.Net;
using System.Text;
using OneTime.Server.Tests.Api;

namespace OneTime.Server.Tests.Security;

/// <summary>The headers of DESIGN §7 on every kind of response: pages, API answers, errors and static files.</summary>
public sealed class SecurityHeadersTests(OneTimeAppFactory app) : IClassFixture<OneTimeAppFactory>
{
    private readonly HttpClient _http = app.CreateHttpClient();

    public static TheoryData<string, string, int> Responses => new()
    {
        { "GET", "/", 200 },
        { "HEAD", "/", 200 },
        { "GET", "/s/AAAAAAAAAAAAAAAAAAAAAA", 200 },
        { "GET", "/m/AAAAAAAAAAAAAAAAAAAAAA", 200 },
        { "GET", "/js/crypto.js", 200 },
        { "GET", "/css/site.css", 200 },
        { "GET", "/lib/purify.min.js", 200 },
        { "GET", "/messages/en.json", 200 },
        { "GET", "/api/v1/settings", 200 },
        { "GET", "/api/v1/secrets/AAAAAAAAAAAAAAAAAAAAAA", 404 },
        { "POST", "/api/v1/secrets/AAAAAAAAAAAAAAAAAAAAAA/open", 404 },
        { "POST", "/api/v1/secrets/AAAAAAAAAAAAAAAAAAAAAA/burn", 413 },
        { "GET", "/no-such-page", 404 },
        { "PUT", "/api/v1/secrets", 405 },
        { "POST", "/api/v1/secrets", 400 },
        { "GET", "/api/v1/secrets/AAAAAAAAAAAAAAAAAAAAAA/manage", 401 },
    };

    [Theory]
    [MemberData(nameof(Responses))]
    public async Task Every_Response_Carries_The_Security_Headers(string method, string path, int status)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new StringContent(BodyFor(status), Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal((HttpStatusCode)status, response.StatusCode);
        AssertSecurityHeaders(response, path);
    }

    [Fact]
    public async Task A_Rate_Limited_Answer_Carries_The_Security_Headers()
    {
        var client = new SecretClient(_http);
        var secret = await client.ShareAsync("guarded");
        var response = await client.OpenAsync(secret.Id, OneTime.Core.LoginKey.Generate());
        while (response.StatusCode == HttpStatusCode.Forbidden)
        {
            response.Dispose();
            response = await client.OpenAsync(secret.Id, OneTime.Core.LoginKey.Generate());
        }

        using (response)
        {
            await Problem.AssertAsync(response, HttpStatusCode.TooManyRequests, "rate_limited");
            AssertSecurityHeaders(response, "/api/v1/secrets/{id}/open");
        }
    }

    // 413 needs a body over the 16 KiB a request with a key may have; the others a body that does not parse.
    private static string BodyFor(int status) => status switch
    {
        413 => $"{{\"authToken\":\"{new string('A', 20_000)}\"}}",
        404 => "{\"authToken\":\"WoNrccR2P74hCez9Aayfhp1wIB8K7bsdhFEYL2hzN8c\"}",
        _ => "{",
    };

    internal static void AssertSecurityHeaders(HttpResponseMessage response, string path)
    {
        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("*", csp, StringComparison.Ordinal);
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("same-origin", Header(response, "Cross-Origin-Opener-Policy"));
        Assert.Contains("camera=()", Header(response, "Permissions-Policy"), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Server"), "the Server header names the software");
        var cache = response.Headers.CacheControl?.ToString();
        Assert.True(cache is "no-store" or "no-cache", $"{path}: Cache-Control {cache}");
        if (path.StartsWith("/api/", StringComparison.Ordinal) || path is "/" || path.StartsWith("/s/", StringComparison.Ordinal)
            || path.StartsWith("/m/", StringComparison.Ordinal))
        {
            Assert.Equal("no-store", cache);
        }
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : "";
}

public sealed class OneReadPerMinuteAppFactory() : OneTimeAppFactory(new Dictionary<string, string?>
{
    ["OneTime:RateLimits:ReadsPerMinute"] = "1",
});

/// <summary>A 429 written by the rate-limiting middleware, before any endpoint runs, carries the headers too.</summary>
public sealed class RateLimitedSecurityHeadersTests(OneReadPerMinuteAppFactory app) : IClassFixture<OneReadPerMinuteAppFactory>
{
    [Fact]
    public async Task A_Request_Over_The_Limit_Gets_A_429_With_The_Security_Headers()
    {
        var http = app.CreateHttpClient();
        const string path = "/api/v1/secrets/AAAAAAAAAAAAAAAAAAAAAA";
        (await http.GetAsync(path, TestContext.Current.CancellationToken)).Dispose();

        using var limited = await http.GetAsync(path, TestContext.Current.CancellationToken);

        await Problem.AssertAsync(limited, HttpStatusCode.TooManyRequests, "rate_limited");
        SecurityHeadersTests.AssertSecurityHeaders(limited, path);
    }
}

public sealed class SubresourceIntegrityTests(OneTimeAppFactory app) : IClassFixture<OneTimeAppFactory>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/s/AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("/m/AAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Every_Script_And_Stylesheet_Carries_The_Integrity_Of_The_File_Served(string page)
    {
        var http = app.CreateHttpClient();
        var html = await http.GetStringAsync(page, TestContext.Current.CancellationToken);

        var references = System.Text.RegularExpressions.Regex.Matches(html, "(?:src|href)=\"(?<path>/[^\"]+\\.(?:js|css))\"(?: integrity=\"sha384-(?<hash>[^\"]+)\")?");

        Assert.NotEmpty(references);
        foreach (System.Text.RegularExpressions.Match reference in references)
        {
            var path = reference.Groups["path"].Value;
            Assert.True(reference.Groups["hash"].Success, $"{page}: {path} has no integrity attribute");
            var served = await http.GetByteArrayAsync(path, TestContext.Current.CancellationToken);
            Assert.Equal(Convert.ToBase64String(System.Security.Cryptography.SHA384.HashData(served)), reference.Groups["hash"].Value);
        }
    }
}
