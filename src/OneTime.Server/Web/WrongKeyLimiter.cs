using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using OneTime.Core;

namespace OneTime.Server.Web;

/// <summary>
/// Wrong keys for one secret from one client are limited far more tightly than opens in general.
/// Guessing a 125-bit key is hopeless anyway; this keeps the access log readable and makes
/// a guessing script visible to the sender instead of noisy.
/// </summary>
public sealed class WrongKeyLimiter(IOptions<RateLimitOptions> options) : IDisposable
{
    // Attempts that wait for a turn; far more than a person sends, enough for a script's burst of right keys.
    private const int QueuedAttempts = 256;

    private readonly PartitionedRateLimiter<string> _wrongKeys = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.WrongKeysPerSecret,
            Window = options.Value.WrongKeyWindow,
            QueueLimit = 0,
        }));

    // The wrong keys are counted only once the store has answered, so attempts that are in flight
    // together all pass the check. Letting no more attempts run at once than the limit allows keeps
    // the wrong keys of a window below twice the limit, however many requests a script sends in
    // parallel, while right keys (which cannot be told apart before the store answers) only queue.
    private readonly PartitionedRateLimiter<string> _turns = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetConcurrencyLimiter(key, _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = options.Value.WrongKeysPerSecret,
            QueueLimit = QueuedAttempts,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        }));

    /// <summary>
    /// Waits for a turn for this client on this secret; null (with when to try again) once its wrong
    /// keys are used up. Dispose the attempt after the store has answered.
    /// </summary>
    public async ValueTask<(KeyAttempt? Attempt, TimeSpan RetryAfter)> BeginAsync(HttpContext context, SecretId id, CancellationToken ct)
    {
        var key = Key(context, id);
        var turn = await _turns.AcquireAsync(key, cancellationToken: ct);
        if (!turn.IsAcquired)
        {
            turn.Dispose();
            return (null, options.Value.WrongKeyWindow);
        }

        using var check = _wrongKeys.AttemptAcquire(key, permitCount: 0);
        if (!check.IsAcquired)
        {
            turn.Dispose();
            return (null, check.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : options.Value.WrongKeyWindow);
        }

        return (new KeyAttempt(this, key, turn), TimeSpan.Zero);
    }

    public void Dispose()
    {
        _wrongKeys.Dispose();
        _turns.Dispose();
    }

    private static string Key(HttpContext context, SecretId id) => RateLimiting.ClientKey(context) + "|" + id.Value;

    /// <summary>One attempt of one client to prove a key for one secret.</summary>
    public sealed class KeyAttempt(WrongKeyLimiter limiter, string key, RateLimitLease turn) : IDisposable
    {
        public void CountWrongKey() => limiter._wrongKeys.AttemptAcquire(key).Dispose();

        public void Dispose() => turn.Dispose();
    }
}
