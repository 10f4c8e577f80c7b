using Microsoft.Extensions.Options;

namespace OneTime.Server.Storage;

/// <summary>Deletes expired ciphertext and old tombstones on a timer, so "gone" does not wait for a visitor.</summary>
public sealed partial class ExpirySweeper(
    ISecretStore store,
    TimeProvider time,
    IOptions<StorageOptions> options,
    Observability.OneTimeMetrics metrics,
    ILogger<ExpirySweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        do
        {
            try
            {
                var changed = await store.PurgeAsync(time.GetUtcNow(), stoppingToken);
                if (changed > 0)
                {
                    metrics.Purged(changed);
                    LogSwept(changed);
                }
            }
            catch (StoreUnavailableException e)
            {
                LogSweepFailed(e.Message);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweeper removed or expired {Count} rows")]
    private partial void LogSwept(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeper could not reach the store: {Reason}")]
    private partial void LogSweepFailed(string reason);
}
