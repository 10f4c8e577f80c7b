using System.Net;
using OneTime.Core;
using OneTime.Server.Tests.Api;

namespace OneTime.Server.Tests.Operations;

[Collection(MetricsCollection.Name)]
public sealed class MetricsTests(OneTimeAppFactory app) : IClassFixture<OneTimeAppFactory>
{
    [Fact]
    public async Task Metrics_Count_Creates_Opens_And_Store_Latency_Without_Ids_Tokens_Or_Addresses()
    {
        var client = new SecretClient(app.CreateHttpClient());
        var secret = await client.ShareAsync("measured", ttl: "7d", maxLogins: 3);
        await client.OpenTextAsync(secret);
        (await client.OpenAsync(secret.Id, LoginKey.Generate())).Dispose();

        var metrics = await ScrapeAsync(client.Http, "onetime_opens_total", "wrong_login_key");

        Assert.Matches("""onetime_secrets_created_total\{[^}]*max_logins="3"[^}]*ttl="7d"[^}]*\} [1-9]""", metrics);
        Assert.Matches("""onetime_opens_total\{[^}]*outcome="opened"[^}]*\} [1-9]""", metrics);
        Assert.Matches("""onetime_opens_total\{[^}]*outcome="wrong_login_key"[^}]*\} [1-9]""", metrics);
        Assert.Matches("""onetime_store_operation_duration_seconds_count\{[^}]*operation="open"[^}]*\} [1-9]""", metrics);
        // ASP.NET Core's own request and connection meters are exported beside ours.
        Assert.Matches("""http_server_request_duration_seconds_count\{[^}]*http_route="/api/v1/secrets"[^}]*\} [1-9]""", metrics);
        Assert.Contains("kestrel_active_connections", metrics, StringComparison.Ordinal);
        // Routing and rate limiting meters are dropped: they cost every request and say nothing onetime_* does not.
        Assert.DoesNotContain("aspnetcore_routing_", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("aspnetcore_rate_limiting_", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain(secret.Id, metrics, StringComparison.Ordinal);
        Assert.DoesNotContain(secret.Created.ManageToken, metrics, StringComparison.Ordinal);
        Assert.DoesNotContain(secret.Key.Canonical, metrics, StringComparison.Ordinal);
        // Kestrel labels its own listening address; a client's address must appear nowhere.
        Assert.DoesNotContain("127.0.0.1", metrics.Replace("server_address=\"127.0.0.1\"", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    // The exporter refreshes its snapshot on a timer, so wait for the line we expect.
    internal static async Task<string> ScrapeAsync(HttpClient http, string metric, string mustContain)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        string text;
        do
        {
            using var response = await http.GetAsync("/metrics", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            if (text.Split('\n').Any(line => line.StartsWith(metric, StringComparison.Ordinal) && line.Contains(mustContain, StringComparison.Ordinal)))
            {
                return text;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
        while (DateTime.UtcNow < deadline);

        return text;
    }
}

public sealed class NoMetricsAppFactory() : OneTimeAppFactory(new Dictionary<string, string?> { ["OneTime:Metrics:Enabled"] = "false" });

public sealed class MetricsSwitchTests(NoMetricsAppFactory app) : IClassFixture<NoMetricsAppFactory>
{
    [Fact]
    public async Task Metrics_Can_Be_Turned_Off() =>
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateHttpClient().GetAsync("/metrics", TestContext.Current.CancellationToken)).StatusCode);
}

/// <summary>Moves the fake clock and spends the create limit, so it gets an app of its own.</summary>
[Collection(MetricsCollection.Name)]
public sealed class RateLimitAndSweeperMetricsTests : IAsyncLifetime
{
    private readonly LimitedAppFactory _app = new();

    public ValueTask InitializeAsync() => _app.InitializeAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Rate_Limit_Rejections_And_Sweeper_Purges_Are_Counted()
    {
        var client = new SecretClient(_app.CreateHttpClient());
        // Nothing else records while this runs (see MetricsCollection), so no rejection is counted yet.
        Assert.DoesNotContain("onetime_rate_limit_rejections_total{", await MetricsTests.ScrapeAsync(client.Http, "target_info", ""), StringComparison.Ordinal);
        await client.ShareAsync("first", ttl: "1h");
        await client.ShareAsync("second", ttl: "1h");
        using var refused = await client.Http.PostAsync(
            "/api/v1/secrets", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        await Problem.AssertAsync(refused, HttpStatusCode.TooManyRequests, "rate_limited");

        _app.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(15));
        var metrics = await MetricsTests.ScrapeAsync(client.Http, "onetime_sweeper_purged_total", " ");

        Assert.Matches("""onetime_rate_limit_rejections_total\{[^}]*policy="create"[^}]*\} 1\b""", metrics);
        Assert.Matches("""onetime_sweeper_purged_total(\{[^}]*\})? [1-9]""", metrics);
    }

    private sealed class LimitedAppFactory() : OneTimeAppFactory(new Dictionary<string, string?> { ["OneTime:RateLimits:CreatesPerMinute"] = "2" });
}
