using System.Net.Http.Headers;
using System.Net.Http.Json;
using OneTime.Core;
using OneTime.Server.Tests.Api;

namespace OneTime.Server.Tests.Audit;

public sealed class ProxiedAppFactory() : OneTimeAppFactory(new Dictionary<string, string?>
{
    ["OneTime:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
    ["OneTime:Audit:ClientAddress"] = "Full",
});

public sealed class FullAddressAppFactory() : OneTimeAppFactory(new Dictionary<string, string?>
{
    ["OneTime:Audit:ClientAddress"] = "Full",
});

public sealed class ForwardedHeadersTests(ProxiedAppFactory proxied, FullAddressAppFactory direct)
    : IClassFixture<ProxiedAppFactory>, IClassFixture<FullAddressAppFactory>
{
    [Fact]
    public async Task Without_Known_Proxies_Not_Even_Loopback_Is_Trusted_To_Name_The_Client() =>
        Assert.Equal("127.0.0.1", await LoggedAddressAsync(direct, "198.51.100.23"));

    [Fact]
    public async Task A_Listed_Proxy_Is_Believed() =>
        Assert.Equal("198.51.100.23", await LoggedAddressAsync(proxied, "198.51.100.23"));

    private static async Task<string?> LoggedAddressAsync(OneTimeAppFactory app, string forwardedFor)
    {
        var client = new SecretClient(app.CreateHttpClient());
        var secret = await client.ShareAsync("x");
        using var open = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/secrets/{secret.Id}/open")
        {
            Content = JsonContent.Create(
                new OpenSecretRequest(Envelope.ToBase64Url(Envelope.DeriveAuthToken(secret.Key))), CoreJsonContext.Default.OpenSecretRequest),
        };
        open.Headers.Add("X-Forwarded-For", forwardedFor);
        (await client.Http.SendAsync(open, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        using var manage = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/secrets/{secret.Id}/manage");
        manage.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret.Created.ManageToken);
        using var response = await client.Http.SendAsync(manage, TestContext.Current.CancellationToken);
        var managed = await response.Content.ReadFromJsonAsync(CoreJsonContext.Default.ManageSecretResponse, TestContext.Current.CancellationToken);
        return managed!.AccessLog.Single().ClientAddress;
    }
}
