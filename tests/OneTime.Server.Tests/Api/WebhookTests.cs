using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OneTime.Core;

namespace OneTime.Server.Tests.Api;

/// <summary>
/// A real receiver on its own Kestrel listener that refuses the first deliveries, to exercise
/// retries, or holds one until the test lets it go.
/// </summary>
public sealed class WebhookTests : IAsyncLifetime
{
    private const string SigningSecret = "whsec-0123456789abcdef-test";

    // Guards against a hang only; no assertion is about how long anything took.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private readonly ConcurrentQueue<Delivery> _deliveries = new();
    private readonly TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication _receiver = null!;
    private OneTimeAppFactory _app = null!;
    private int _refusalsLeft = 2;
    private TaskCompletionSource? _holdNext;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

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
            if (Interlocked.Exchange(ref _holdNext, null) is { } release)
            {
                _holding.SetResult();
                await release.Task;
            }

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

        await WaitForDeliveriesAsync(3);
        await Task.Delay(300, Ct);
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

    [Fact]
    public async Task A_Receiver_That_Hangs_Does_Not_Hold_Up_Opening()
    {
        _refusalsLeft = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _holdNext = release;
        var client = new SecretClient(_app.CreateHttpClient());
        var secret = await client.ShareAsync("opened while the receiver hangs", maxLogins: 2);

        var first = client.OpenTextAsync(secret);
        await _holding.Task.WaitAsync(HangGuard, Ct);

        // The receiver holds the first open's event and is not released until both opens answered.
        Assert.Equal("opened while the receiver hangs", await first.WaitAsync(HangGuard, Ct));
        Assert.Equal("opened while the receiver hangs", await client.OpenTextAsync(secret).WaitAsync(HangGuard, Ct));
        Assert.False(release.Task.IsCompleted);
        release.SetResult();

        var events = await WaitForDeliveriesAsync(2);
        Assert.Equal([(secret.Id, "opened"), (secret.Id, "opened")], events.Select(e => (e.SecretId, e.Outcome)));
    }

    [Fact]
    public async Task Wrong_Keys_And_Burns_Are_Delivered_Too()
    {
        _refusalsLeft = 0;
        var client = new SecretClient(_app.CreateHttpClient());
        var byRecipient = await client.ShareAsync("burned by the recipient");
        var bySender = await client.ShareAsync("burned by the sender");

        using (var wrong = await client.OpenAsync(byRecipient.Id, LoginKey.Generate()))
        {
            Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        }

        using (var burn = await client.Http.PostAsJsonAsync(
            $"/api/v1/secrets/{byRecipient.Id}/burn",
            new BurnSecretRequest(Envelope.ToBase64Url(Envelope.DeriveAuthToken(byRecipient.Key))),
            CoreJsonContext.Default.BurnSecretRequest,
            Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, burn.StatusCode);
        }

        using var senderBurn = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/secrets/{bySender.Id}");
        senderBurn.Headers.Authorization = new("Bearer", bySender.Created.ManageToken);
        using (var burned = await client.Http.SendAsync(senderBurn, Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, burned.StatusCode);
        }

        var events = await WaitForDeliveriesAsync(3);
        (string, string)[] expected = [(byRecipient.Id, "wrong_login_key"), (byRecipient.Id, "burned_by_recipient"), (bySender.Id, "burned_by_sender")];
        Assert.Equal(expected.Order(), events.Select(e => (e.SecretId, e.Outcome)).Order());
    }

    /// <summary>Waits until this many deliveries arrived; deliveries run in parallel, so in no set order.</summary>
    private async Task<List<AuditEventResponse>> WaitForDeliveriesAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (_deliveries.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Ct);
        }

        return [.. _deliveries.Select(d => JsonSerializer.Deserialize(d.Body, CoreJsonContext.Default.AuditEventResponse)!)];
    }

    private sealed record Delivery(string Timestamp, string Signature, byte[] Body);

    private sealed class WebhookAppFactory(string url, string secret) : OneTimeAppFactory(new Dictionary<string, string?>
    {
        ["OneTime:Webhooks:0:Url"] = url,
        ["OneTime:Webhooks:0:Secret"] = secret,
        ["OneTime:WebhookDelivery:FirstRetryDelay"] = "00:00:00.05",
        // A held delivery must not time out and come again while a test holds it.
        ["OneTime:WebhookDelivery:Timeout"] = "00:10:00",
    });
}
