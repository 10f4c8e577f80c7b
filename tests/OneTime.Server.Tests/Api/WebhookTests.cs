using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OneTime.Core;

namespace OneTime.Server.Tests.Api;

/// <summary>A real receiver on its own Kestrel listener that refuses the first deliveries, to exercise retries.</summary>
public sealed class WebhookTests : IAsyncLifetime
{
    private const string SigningSecret = "whsec-0123456789abcdef-test";

    private readonly ConcurrentQueue<Delivery> _deliveries = new();
    private WebApplication _receiver = null!;
    private OneTimeAppFactory _app = null!;
    private int _refusalsLeft = 2;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _receiver = builder.Build();
        _receiver.MapPost("/hook", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            _deliveries.Enqueue(new Delivery(
                request.Headers["OneTime-Timestamp"].ToString(), request.Headers["OneTime-Signature"].ToString(), body.ToArray()));
            return Interlocked.Decrement(ref _refusalsLeft) >= 0 ? Results.StatusCode(503) : Results.NoContent();
        });
        await _receiver.StartAsync();

        _app = new WebhookAppFactory(_receiver.Urls.First() + "/hook", SigningSecret);
        await _app.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task Every_Access_Event_Arrives_Signed_After_Retries_Without_Content_Or_Keys()
    {
        var client = new SecretClient(_app.CreateHttpClient());
        var secret = await client.ShareAsync("webhook-content-should-never-travel", label: "Acme");
        Assert.Equal("webhook-content-should-never-travel", await client.OpenTextAsync(secret));

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (_deliveries.Count < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        await Task.Delay(300, TestContext.Current.CancellationToken);
        var deliveries = _deliveries.ToList();
        // Two refusals, then one acceptance, then nothing more.
        Assert.Equal(3, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(deliveries[0].Body, d.Body));
        foreach (var delivery in deliveries)
        {
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(
                Encoding.UTF8.GetBytes(SigningSecret), (byte[])[.. Encoding.ASCII.GetBytes(delivery.Timestamp + "."), .. delivery.Body]));
            Assert.Equal(expected, delivery.Signature);
            Assert.Equal(_app.Time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), delivery.Timestamp);
        }

        var sent = JsonSerializer.Deserialize(deliveries[0].Body, CoreJsonContext.Default.AuditEventResponse)!;
        Assert.Equal((secret.Id, "Acme", "opened"), (sent.SecretId, sent.Label, sent.Outcome));
        var text = Encoding.UTF8.GetString(deliveries[0].Body);
        Assert.DoesNotContain("webhook-content", text, StringComparison.Ordinal);
        Assert.DoesNotContain(secret.Key.Canonical, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Envelope.ToBase64Url(Envelope.DeriveAuthToken(secret.Key)), text, StringComparison.Ordinal);
        Assert.DoesNotContain(secret.Created.ManageToken, text, StringComparison.Ordinal);
    }

    private sealed record Delivery(string Timestamp, string Signature, byte[] Body);

    private sealed class WebhookAppFactory(string url, string secret) : OneTimeAppFactory(new Dictionary<string, string?>
    {
        ["OneTime:Webhooks:0:Url"] = url,
        ["OneTime:Webhooks:0:Secret"] = secret,
        ["OneTime:WebhookDelivery:FirstRetryDelay"] = "00:00:00.05",
    });
}
