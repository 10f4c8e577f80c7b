using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using OneTime.Server.Tests.Api;
using OneTime.Server.Tests.MultiNode;
using OneTime.Server.Tests.Servers;

namespace OneTime.Server.Tests.Operations;

/// <summary>
/// <c>OneTime__Metrics__Port</c> on a real server process: <c>/metrics</c> is served only to
/// connections that arrived on that port (whatever Host header a client sends), and that port
/// serves nothing else. A WebApplicationFactory cannot show this: its own listener replaces the app's URLs.
/// </summary>
public sealed class MetricsPortTests(MetricsPortNode node) : IClassFixture<MetricsPortNode>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Metrics_Answer_On_The_Metrics_Port_And_Not_On_The_Public_One_Whatever_The_Host_Header()
    {
        var client = new SecretClient(node.Node.Http);
        var secret = await client.ShareAsync("counted elsewhere");
        Assert.Equal("counted elsewhere", await client.OpenTextAsync(secret));
        using var metrics = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{node.MetricsPort}") };

        var text = await MetricsTests.ScrapeAsync(metrics, "onetime_secrets_created_total", "ttl=");

        Assert.Contains("onetime_secrets_created_total", text, StringComparison.Ordinal);
        await Problem.AssertAsync(await node.Node.Http.GetAsync("/metrics", Ct), HttpStatusCode.NotFound, "unknown_endpoint");
        using var spoofed = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Host = $"localhost:{node.MetricsPort}" } };
        await Problem.AssertAsync(await node.Node.Http.SendAsync(spoofed, Ct), HttpStatusCode.NotFound, "unknown_endpoint");
    }

    [Fact]
    public async Task The_Metrics_Port_Listens_On_Every_Interface()
    {
        foreach (var address in LocalAddresses())
        {
            using var metrics = new HttpClient { BaseAddress = new UriBuilder("http", address.ToString(), node.MetricsPort).Uri };

            using var response = await metrics.GetAsync("/metrics", Ct);

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{address}: {response.StatusCode}");
        }
    }

    [Theory]
    [InlineData("GET", "/")]
    [InlineData("GET", "/api/v1/settings")]
    [InlineData("POST", "/api/v1/secrets")]
    [InlineData("GET", "/readyz")]
    [InlineData("GET", "/js/api.js")]
    public async Task The_Metrics_Port_Serves_Nothing_But_Metrics(string method, string path)
    {
        using var metrics = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{node.MetricsPort}") };
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? new StringContent("{}") : null };

        await Problem.AssertAsync(await metrics.SendAsync(request, Ct), HttpStatusCode.NotFound, "unknown_endpoint");
        Assert.Equal(HttpStatusCode.OK, (await node.Node.Http.GetAsync(path == "/api/v1/secrets" ? "/" : path, Ct)).StatusCode);
    }

    // Loopback in both families, and every address of an interface that is up (link-local ones need a scope, so not those).
    private static IEnumerable<IPAddress> LocalAddresses() => NetworkInterface.GetAllNetworkInterfaces()
        .Where(n => n.OperationalStatus == OperationalStatus.Up || n.NetworkInterfaceType == NetworkInterfaceType.Loopback)
        .SelectMany(n => n.GetIPProperties().UnicastAddresses.Select(a => a.Address))
        .Where(a => a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6 && !a.IsIPv6LinkLocal)
        .Append(IPAddress.Loopback)
        .Append(IPAddress.IPv6Loopback)
        .Distinct();
}

/// <summary>One server process with a metrics port, shared by the tests above.</summary>
public sealed class MetricsPortNode : IAsyncLifetime
{
    public int MetricsPort { get; } = FreePort.Next();

    public ServerNode Node { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        Node = await ServerNode.StartAsync(new Dictionary<string, string?> { ["OneTime__Metrics__Port"] = $"{MetricsPort}" });

    public async ValueTask DisposeAsync() => await Node.DisposeAsync();
}
