using System.Net;
using Microsoft.Data.Sqlite;
using OneTime.Server.Tests.Api;

namespace OneTime.Server.Tests.Operations;

[Collection(MetricsCollection.Name)]
public sealed class HealthTests : IAsyncLifetime
{
    private readonly OneTimeAppFactory _app = new();

    public ValueTask InitializeAsync() => _app.InitializeAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Alive_Stays_200_While_Ready_Follows_The_Store()
    {
        var http = _app.CreateHttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz", TestContext.Current.CancellationToken)).StatusCode);

        // A database that is no longer a database: what a lost disk looks like to SQLite. The WAL
        // too, since until the sweeper's first checkpoint the pages SQLite reads come from there.
        SqliteConnection.ClearAllPools();
        foreach (var path in new[] { _app.DatabasePath, _app.DatabasePath + "-wal" }.Where(File.Exists))
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            await file.WriteAsync(new byte[Math.Max(4096, file.Length)], TestContext.Current.CancellationToken);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/readyz", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz", TestContext.Current.CancellationToken)).StatusCode);
        var status = await http.GetAsync($"/api/v1/secrets/{OneTime.Core.SecretId.New()}", TestContext.Current.CancellationToken);
        await Problem.AssertAsync(status, HttpStatusCode.ServiceUnavailable, "store_unavailable");

        // An outage must show in the request metrics as errors, which alerts count.
        var metrics = await MetricsTests.ScrapeAsync(http, "http_server_request_duration_seconds_count", "error_type=\"503\"");
        Assert.Matches("""http_server_request_duration_seconds_count\{[^}]*error_type="503"[^}]*http_route="/api/v1/secrets/\{id\}"[^}]*\} [1-9]""", metrics);
    }
}
