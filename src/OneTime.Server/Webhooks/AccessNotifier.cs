using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using OneTime.Core;
using OneTime.Server.Audit;
using OneTime.Server.Storage;

namespace OneTime.Server.Webhooks;

/// <summary>
/// Sends every access event to the configured webhooks. Publishing only drops the event into a
/// queue, so an open never waits for a receiver; delivery retries with exponential backoff.
/// Events carry ids, outcomes and who asked, never content, keys or tokens.
/// </summary>
public sealed partial class AccessNotifier(
    IHttpClientFactory clients,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<AccessNotifier> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";

    private readonly Channel<AuditEvent> _queue = Channel.CreateBounded<AuditEvent>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly SemaphoreSlim _inFlight = new(16);

    public void Publish(AuditEvent? recorded)
    {
        if (recorded is not null && options.Value.Webhooks.Count > 0 && !_queue.Writer.TryWrite(recorded))
        {
            LogQueueFull();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var deliveries = new List<Task>();
        try
        {
            await foreach (var recorded in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                var body = JsonSerializer.SerializeToUtf8Bytes(AuditApi.ToResponse(recorded), CoreJsonContext.Default.AuditEventResponse);
                foreach (var endpoint in options.Value.Webhooks)
                {
                    await _inFlight.WaitAsync(stoppingToken);
                    deliveries.Add(DeliverAsync(endpoint, body, stoppingToken));
                }

                deliveries.RemoveAll(task => task.IsCompleted);
            }
        }
        catch (OperationCanceledException)
        {
        }

        await Task.WhenAll(deliveries);
    }

    /// <summary>The value of <c>OneTime-Signature</c>: HMAC-SHA256 over "timestamp.body".</summary>
    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var signed = new byte[timestamp.Length + 1 + body.Length];
        Encoding.ASCII.GetBytes(timestamp + ".", signed);
        body.CopyTo(signed.AsSpan(timestamp.Length + 1));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    private async Task DeliverAsync(WebhookEndpoint endpoint, byte[] body, CancellationToken ct)
    {
        try
        {
            var delivery = options.Value.WebhookDelivery;
            var delay = delivery.FirstRetryDelay;
            for (var attempt = 1; attempt <= delivery.MaxAttempts; attempt++)
            {
                if (await TrySendAsync(endpoint, body, delivery.Timeout, ct))
                {
                    return;
                }

                if (attempt < delivery.MaxAttempts)
                {
                    await Task.Delay(delay, time, ct);
                    delay *= 2;
                }
            }

            LogGaveUp(new Uri(endpoint.Url).Host, delivery.MaxAttempts);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _inFlight.Release();
        }
    }

    private async Task<bool> TrySendAsync(WebhookEndpoint endpoint, byte[] body, TimeSpan timeout, CancellationToken ct)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("OneTime-Timestamp", timestamp);
        request.Headers.Add("OneTime-Signature", Sign(endpoint.Secret, timestamp, body));
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
        attempt.CancelAfter(timeout);
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, attempt.Token);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook queue is full; an access event was not sent")]
    private partial void LogQueueFull();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook to {Host} failed {Attempts} times; the event was dropped")]
    private partial void LogGaveUp(string host, int attempts);
}
