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
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.WrongKeysPerSecret,
            Window = options.Value.WrongKeyWindow,
            QueueLimit = 0,
        }));

    /// <summary>False once this client has used up its wrong keys for this secret; consumes nothing.</summary>
    public bool MayTry(HttpContext context, SecretId id, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(Key(context, id), permitCount: 0);
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : options.Value.WrongKeyWindow;
        return lease.IsAcquired;
    }

    public void CountWrongKey(HttpContext context, SecretId id) => _limiter.AttemptAcquire(Key(context, id)).Dispose();

    public void Dispose() => _limiter.Dispose();

    private static string Key(HttpContext context, SecretId id) => RateLimiting.ClientKey(context) + "|" + id.Value;
}
