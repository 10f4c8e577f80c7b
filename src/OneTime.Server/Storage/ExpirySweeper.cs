using System.Threading.Channels;
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
        // A one-shot timer that re-arms itself, not a periodic one: after a long pause (a suspended
        // VM, or a test's fake clock jumping 90 days) a periodic timer owes a tick for every missed
        // interval, and FakeTimeProvider delivers them one by one, each a sweep. One sweep catches up.
        var interval = options.Value.SweepInterval;
        var due = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        ITimer? timer = null;
        timer = time.CreateTimer(
            _ =>
            {
                due.Writer.TryWrite(true);
                timer?.Change(interval, Timeout.InfiniteTimeSpan);
            },
            null,
            interval,
            Timeout.InfiniteTimeSpan);
        LogStarted(interval);
        using (timer)
        {
            do
            {
                await SweepAsync(stoppingToken);
            }
            while (await WaitAsync(due.Reader, stoppingToken));
        }

        // The timer is gone and no sweep is running: shutdown can go on.
        LogStopped();
    }

    private async Task SweepAsync(CancellationToken ct)
    {
        try
        {
            var changed = await store.PurgeAsync(time.GetUtcNow(), ct);
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
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutdown during a sweep: the unfinished purge rolls back, and the next sweep (here or on another node) redoes it.
        }
    }

    private static async Task<bool> WaitAsync(ChannelReader<bool> due, CancellationToken ct)
    {
        try
        {
            return await due.ReadAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sweeper started: every {Interval}")]
    private partial void LogStarted(TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sweeper stopped")]
    private partial void LogStopped();

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweeper removed or expired {Count} rows")]
    private partial void LogSwept(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeper could not reach the store: {Reason}")]
    private partial void LogSweepFailed(string reason);
}
