using System.Diagnostics.Metrics;

namespace OneTime.Server.Observability;

/// <summary>
/// The service's own metrics, exported as <c>onetime_*</c>. Labels are small fixed sets (ttl,
/// login count, outcome, operation, policy): never an id, a token or an address.
/// </summary>
public sealed class OneTimeMetrics
{
    public const string MeterName = "OneTime";

    private readonly Counter<long> _created;
    private readonly Counter<long> _opens;
    private readonly Histogram<double> _storeDuration;
    private readonly Counter<long> _storeFailures;
    private readonly Counter<long> _rateLimited;
    private readonly Counter<long> _purged;

    public OneTimeMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _created = meter.CreateCounter<long>("onetime.secrets.created", description: "Secrets created, by time to live and login count.");
        _opens = meter.CreateCounter<long>("onetime.opens", description: "Open attempts, by outcome.");
        _storeDuration = meter.CreateHistogram<double>(
            "onetime.store.operation.duration",
            unit: "s",
            description: "Time spent in the secret store, by operation.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
        _storeFailures = meter.CreateCounter<long>("onetime.store.failures", description: "Store operations that failed, by operation.");
        _rateLimited = meter.CreateCounter<long>("onetime.rate_limit.rejections", description: "Requests refused by a rate limit, by policy.");
        _purged = meter.CreateCounter<long>("onetime.sweeper.purged", description: "Rows expired or removed by the sweeper.");
    }

    public void SecretCreated(string ttl, int maxLogins) =>
        _created.Add(1, new("ttl", ttl), new("max_logins", maxLogins));

    public void OpenAttempted(string outcome) => _opens.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void StoreOperation(string operation, TimeSpan elapsed, bool failed)
    {
        _storeDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("operation", operation));
        if (failed)
        {
            _storeFailures.Add(1, new KeyValuePair<string, object?>("operation", operation));
        }
    }

    public void RateLimited(string policy) => _rateLimited.Add(1, new KeyValuePair<string, object?>("policy", policy));

    public void Purged(int rows) => _purged.Add(rows);
}
