using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OneTime.Core;

namespace OneTime.Server.Web;

/// <summary>
/// Wrong keys for one secret from one client are limited far more tightly than opens in general.
/// Guessing a 125-bit key is hopeless anyway; this keeps the access log readable and makes
/// a guessing script visible to the sender instead of noisy.
/// </summary>
/// <remarks>
/// Whether a key is wrong is known only once the store has answered, so attempts in flight count
/// against the limit too: at most (limit - wrong keys so far) attempts run at once, the rest wait
/// for a turn. However many guesses a script sends in parallel, no more than the limit are ever
/// checked in a window, while right keys sent together only queue. Hand-written rather than
/// System.Threading.RateLimiting, whose limiters can neither count after the fact nor hold a
/// partition only while it matters: one per secret opened, each scanned ten times a second.
/// </remarks>
public sealed class WrongKeyLimiter : IDisposable
{
    // Attempts that may wait for a turn; far more than a person sends, enough for a script's burst.
    private const int MaxWaiting = 256;

    private readonly ConcurrentDictionary<string, Tally> _tallies = new();
    private readonly TimeProvider _time;
    private readonly int _limit;
    private readonly TimeSpan _window;
    private readonly ITimer _cleanup;

    public WrongKeyLimiter(IOptions<RateLimitOptions> options, TimeProvider time)
    {
        _time = time;
        _limit = options.Value.WrongKeysPerSecret;
        _window = options.Value.WrongKeyWindow;
        _cleanup = time.CreateTimer(_ => ForgetEndedWindows(), null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    /// <summary>
    /// Waits for a turn for this client on this secret; null (with when to try again) once its wrong
    /// keys are used up. Dispose the attempt after the store has answered.
    /// </summary>
    internal async ValueTask<(KeyAttempt? Attempt, TimeSpan RetryAfter)> BeginAsync(HttpContext context, SecretId id, CancellationToken ct)
    {
        var key = RateLimiting.ClientKey(context) + "|" + id.Value;
        while (true)
        {
            var tally = _tallies.GetOrAdd(key, static _ => new Tally());
            Task turn;
            lock (tally)
            {
                if (tally.Forgotten)
                {
                    continue;
                }

                var now = _time.GetUtcNow();
                if (tally.Wrong > 0 && now >= tally.WindowEnds)
                {
                    tally.Wrong = 0;
                }

                if (tally.Wrong >= _limit)
                {
                    return (null, tally.WindowEnds - now);
                }

                if (tally.Wrong + tally.InFlight < _limit)
                {
                    tally.InFlight++;
                    return (new KeyAttempt(this, key, tally), TimeSpan.Zero);
                }

                if (tally.Waiting >= MaxWaiting)
                {
                    return (null, TimeSpan.FromSeconds(1));
                }

                tally.Waiting++;
                tally.TurnFreed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                turn = tally.TurnFreed.Task;
            }

            try
            {
                await turn.WaitAsync(ct);
            }
            finally
            {
                lock (tally)
                {
                    tally.Waiting--;
                    ForgetIfIdle(key, tally);
                }
            }
        }
    }

    public void Dispose() => _cleanup.Dispose();

    private void End(string key, Tally tally, bool wrongKey)
    {
        TaskCompletionSource? freed;
        lock (tally)
        {
            tally.InFlight--;
            if (wrongKey)
            {
                if (tally.Wrong == 0)
                {
                    tally.WindowEnds = _time.GetUtcNow() + _window;
                }

                tally.Wrong++;
            }

            freed = tally.TurnFreed;
            tally.TurnFreed = null;
            ForgetIfIdle(key, tally);
        }

        freed?.TrySetResult();
    }

    // Called under the tally's lock. A tally that nobody uses and that counts no wrong key is
    // dropped; one that counts wrong keys stays until its window ends.
    private void ForgetIfIdle(string key, Tally tally)
    {
        if (tally.InFlight == 0 && tally.Waiting == 0 && (tally.Wrong == 0 || _time.GetUtcNow() >= tally.WindowEnds))
        {
            tally.Forgotten = true;
            _tallies.TryRemove(new KeyValuePair<string, Tally>(key, tally));
        }
    }

    private void ForgetEndedWindows()
    {
        foreach (var (key, tally) in _tallies)
        {
            lock (tally)
            {
                ForgetIfIdle(key, tally);
            }
        }
    }

    internal sealed class Tally
    {
        public int Wrong;
        public int InFlight;
        public int Waiting;
        public DateTimeOffset WindowEnds;
        public TaskCompletionSource? TurnFreed;
        public bool Forgotten;
    }

    /// <summary>One attempt of one client to prove a key for one secret.</summary>
    internal sealed class KeyAttempt(WrongKeyLimiter limiter, string key, Tally tally) : IDisposable
    {
        private bool _wrongKey;
        private int _ended;

        public void CountWrongKey() => _wrongKey = true;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                limiter.End(key, tally, _wrongKey);
            }
        }
    }
}
