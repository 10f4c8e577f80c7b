using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using OneTime.Core;
using StackExchange.Redis;

namespace OneTime.Server.Storage;

/// <summary>
/// The store for several nodes on one Redis (a single primary, with replicas or Sentinel if you
/// like; not Redis Cluster, whose slots would split a secret's keys from the shared indexes).
/// Open and burn are one Lua script each (<see cref="RedisScripts"/>); Redis deletes ciphertext
/// and tombstones by itself through key TTLs, and <see cref="PurgeAsync"/> trims what TTLs cannot
/// reach: the expiry indexes and the audit. Key layout: <see cref="RedisKeys"/>.
/// </summary>
public sealed class RedisSecretStore : ISecretStore, IDisposable
{
    private const string Provider = "Redis";
    private const int PurgeBatch = 500;
    private const int AuditPage = 500;

    private readonly ConnectionMultiplexer _connection;
    private readonly RedisKeys _keys;

    /// <param name="connectionString">StackExchange.Redis format: <c>host:port,password=...,ssl=true</c>.</param>
    public RedisSecretStore(string connectionString, string keyPrefix)
        : this(ConfigurationOptions.Parse(connectionString), keyPrefix)
    {
    }

    internal RedisSecretStore(ConfigurationOptions options, string keyPrefix)
    {
        // Keep reconnecting in the background when Redis goes away, and meanwhile fail each command
        // at once (503 store_unavailable) instead of queueing it: an open queued for seconds could
        // still use a login after the client has given up on it.
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ReconnectRetryPolicy = new LinearRetry(1000);
        Where = StoreAddress.Of(options);
        _keys = new RedisKeys(keyPrefix);
        _connection = ConnectionMultiplexer.Connect(options);
        try
        {
            _connection.GetDatabase().Ping();
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            _connection.Dispose();
            throw new StoreUnavailableException(Provider, Where, new IOException(ConnectFailure(e, options.Ssl), e));
        }
    }

    /// <summary>The endpoints, for messages; never the password.</summary>
    public string Where { get; }

    private IDatabase Database => _connection.GetDatabase();

    public async Task AddAsync(NewSecret secret, CancellationToken ct)
    {
        // TTLs are relative to creation (see RedisScripts), and at least 1 ms: Redis rejects 0.
        var ciphertextTtl = Math.Max(1, (long)(secret.ExpiresAt - secret.CreatedAt).TotalMilliseconds);
        var tombstoneTtl = Math.Max(ciphertextTtl, (long)(secret.PurgeAt - secret.CreatedAt).TotalMilliseconds);
        await EvaluateAsync(
            RedisScripts.Add,
            [_keys.Secret(secret.Id), _keys.Ciphertext(secret.Id), _keys.Expiring, _keys.Purging],
            [
                secret.Id.Value,
                secret.Verifier,
                secret.ManageTokenHash,
                RedisAccessEntry.Literal(secret.Label),
                secret.MaxLogins,
                secret.CreatedAt.ToUnixTimeMilliseconds(),
                secret.ExpiresAt.ToUnixTimeMilliseconds(),
                secret.PurgeAt.ToUnixTimeMilliseconds(),
                secret.Ciphertext,
                ciphertextTtl,
                tombstoneTtl,
            ]);
    }

    public async Task<SecretStatus?> GetStatusAsync(SecretId id, DateTimeOffset now, CancellationToken ct)
    {
        var result = await EvaluateAsync(RedisScripts.Status, [_keys.Secret(id), _keys.Ciphertext(id)], []);
        if (result.IsNull)
        {
            return null;
        }

        var fields = (RedisResult[])result!;
        return StatusAt(now, (int)fields[0], (int)fields[1], (long)fields[2], (int)fields[3] == 1);
    }

    public async Task<OpenResult> TryOpenAsync(SecretId id, byte[] verifier, AccessContext access, CancellationToken ct)
    {
        var reply = (RedisResult[])(await EvaluateAsync(RedisScripts.Open, AccessKeys(id), AccessArguments(id, verifier, access)))!;
        var outcome = (string)reply[0]! switch
        {
            "opened" => OpenOutcome.Opened,
            "wrong_key" => OpenOutcome.WrongKey,
            "expired" => OpenOutcome.Expired,
            "used_up" => OpenOutcome.UsedUp,
            "burned" => OpenOutcome.Burned,
            _ => OpenOutcome.NotFound,
        };
        if (outcome == OpenOutcome.NotFound)
        {
            return OpenResult.NotFound;
        }

        return new OpenResult(
            outcome,
            outcome == OpenOutcome.Opened ? (byte[])reply[2]! : null,
            (int)reply[3],
            DateTimeOffset.FromUnixTimeMilliseconds((long)reply[4]),
            RedisAccessEntry.Parse((string)reply[1]!).Event);
    }

    public async Task<ManagedSecret?> GetManagedAsync(SecretId id, byte[] manageTokenHash, DateTimeOffset now, CancellationToken ct)
    {
        var result = await EvaluateAsync(RedisScripts.Managed, [_keys.Secret(id), _keys.Ciphertext(id), _keys.Log(id)], []);
        if (result.IsNull)
        {
            return null;
        }

        var fields = (RedisResult[])result!;
        if (!CryptographicOperations.FixedTimeEquals((byte[])fields[0]!, manageTokenHash))
        {
            return null;
        }

        var log = ((RedisResult[])fields[8]!)
            .Select(entry => RedisAccessEntry.Parse((string)entry!))
            .OrderBy(entry => entry.Event.Event.At)
            .ThenBy(entry => entry.Sequence)
            .Select(entry => entry.Event.Event)
            .ToList();
        return new ManagedSecret(
            StatusAt(now, (int)fields[1], (int)fields[2], (long)fields[3], (int)fields[7] == 1),
            (int)fields[4],
            DateTimeOffset.FromUnixTimeMilliseconds((long)fields[5]),
            RedisAccessEntry.ParseLiteral((string)fields[6]!),
            log);
    }

    public async Task<BurnResult> BurnAsync(SecretId id, BurnCredential credential, AccessContext access, CancellationToken ct)
    {
        var reply = (RedisResult[])(await EvaluateAsync(
            RedisScripts.Burn,
            AccessKeys(id),
            [.. AccessArguments(id, credential.Hash, access), credential.BySender ? "sender" : "recipient"]))!;
        var outcome = (string)reply[0]! switch
        {
            "burned" => BurnOutcome.Burned,
            "already_gone" => BurnOutcome.AlreadyGone,
            "refused" => BurnOutcome.Refused,
            _ => BurnOutcome.NotFound,
        };
        var recorded = reply.Length > 1 ? RedisAccessEntry.Parse((string)reply[1]!).Event : null;
        return new BurnResult(outcome, recorded);
    }

    public async IAsyncEnumerable<AuditEvent> ReadAuditAsync(
        DateTimeOffset since, DateTimeOffset until, [EnumeratorCancellation] CancellationToken ct)
    {
        // Pages by score. The last millisecond of a full page is read whole before moving past it,
        // so entries that share a millisecond are neither skipped nor repeated, however many there are.
        double start = since.ToUnixTimeMilliseconds();
        double end = until.ToUnixTimeMilliseconds();
        var exclude = Exclude.Stop;
        while (!ct.IsCancellationRequested)
        {
            var page = await RangeAsync(start, end, exclude, AuditPage);
            if (page.Length < AuditPage)
            {
                foreach (var entry in page)
                {
                    yield return RedisAccessEntry.Parse(entry.Element!).Event;
                }

                yield break;
            }

            var last = page[^1].Score;
            foreach (var entry in page.Where(entry => entry.Score < last))
            {
                yield return RedisAccessEntry.Parse(entry.Element!).Event;
            }

            foreach (var entry in await RangeAsync(last, last, Exclude.None, take: -1))
            {
                yield return RedisAccessEntry.Parse(entry.Element!).Event;
            }

            start = last;
            exclude = Exclude.Both;
        }
    }

    public async Task<int> PurgeAsync(DateTimeOffset now, CancellationToken ct)
    {
        var changed = 0;
        long seen;
        do
        {
            var reply = (RedisResult[])(await EvaluateAsync(
                RedisScripts.Purge,
                [_keys.Expiring, _keys.Purging, _keys.Audit, _keys.AuditPurging],
                [now.ToUnixTimeMilliseconds(), _keys.Prefix, PurgeBatch]))!;
            changed += (int)reply[0];
            seen = (long)reply[1];
        }
        while (seen > 0 && !ct.IsCancellationRequested);

        return changed;
    }

    public void Dispose() => _connection.Dispose();

    private static SecretStatus StatusAt(DateTimeOffset now, int state, int remaining, long expiresAt, bool hasCiphertext)
    {
        var expires = DateTimeOffset.FromUnixTimeMilliseconds(expiresAt);
        var current = (SecretState)state;
        if (current == SecretState.Available && (now >= expires || !hasCiphertext))
        {
            current = SecretState.Expired;
        }

        return new SecretStatus(current, current == SecretState.Available ? remaining : 0, expires);
    }

    private static bool IsUnavailable(Exception e) => e is RedisException or RedisTimeoutException;

    // StackExchange.Redis explains a failed connect in a long diagnostic paragraph; the start-up
    // line needs only what went wrong, in words an operator can act on.
    private static string ConnectFailure(Exception e, bool tls)
    {
        var kind = (e.InnerException ?? e).Message.Split(' ', 2)[0].TrimEnd(':', ';', ',');
        return kind switch
        {
            "UnableToConnect" => "nothing answered there (UnableToConnect)",
            "AuthenticationFailure" when tls => "the server's TLS certificate is not trusted, or the password or user was refused (AuthenticationFailure)",
            "AuthenticationFailure" => "the password or user was refused (AuthenticationFailure)",
            "SocketFailure" => "the connection broke while being set up; check ssl=true and that the server certificate is trusted (SocketFailure)",
            _ => $"could not connect ({kind})",
        };
    }

    private RedisKey[] AccessKeys(SecretId id) =>
        [_keys.Secret(id), _keys.Ciphertext(id), _keys.Log(id), _keys.Expiring, _keys.Audit, _keys.AuditPurging, _keys.AuditSequence];

    private static RedisValue[] AccessArguments(SecretId id, byte[] hash, AccessContext access) =>
        [id.Value, hash, access.At.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), RedisAccessEntry.Who(access)];

    private async Task<RedisResult> EvaluateAsync(string script, RedisKey[] keys, RedisValue[] values)
    {
        try
        {
            return await Database.ScriptEvaluateAsync(script, keys, values);
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw new StoreUnavailableException(Provider, Where, e);
        }
    }

    private async Task<SortedSetEntry[]> RangeAsync(double start, double end, Exclude exclude, int take)
    {
        try
        {
            return await Database.SortedSetRangeByScoreWithScoresAsync(_keys.Audit, start, end, exclude, Order.Ascending, 0, take);
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw new StoreUnavailableException(Provider, Where, e);
        }
    }
}
