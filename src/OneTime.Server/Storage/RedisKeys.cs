using OneTime.Core;
using StackExchange.Redis;

namespace OneTime.Server.Storage;

/// <summary>
/// The Redis key layout, all under one prefix. A secret's id is no secret (it is in the URL and
/// worthless without the Login key), so it may appear in key names; nothing else from a request does.
/// <code>
/// {prefix}secret:{id}             hash: verifier, manage, label, state, max, remaining, created, expires, purge
///                                 (expires at purge: the tombstone, which has no verifier)
/// {prefix}secret:{id}:ciphertext  string, expires at expiresAt (Redis deletes it by itself)
/// {prefix}secret:{id}:log         list of access entries, expires with the tombstone
/// {prefix}expiring                sorted set: ids of available secrets by expiresAt
/// {prefix}purging                 sorted set: ids by purgeAt
/// {prefix}audit                   sorted set: access entries of every secret by time (the audit export)
/// {prefix}audit:purging           sorted set: the same entries by purgeAt, to trim the audit
/// {prefix}audit:seq               counter that orders entries written in the same millisecond
/// </code>
/// </summary>
internal sealed class RedisKeys(string prefix)
{
    public string Prefix { get; } = prefix;

    public RedisKey Expiring { get; } = prefix + "expiring";

    public RedisKey Purging { get; } = prefix + "purging";

    public RedisKey Audit { get; } = prefix + "audit";

    public RedisKey AuditPurging { get; } = prefix + "audit:purging";

    public RedisKey AuditSequence { get; } = prefix + "audit:seq";

    public RedisKey Secret(SecretId id) => Prefix + "secret:" + id.Value;

    public RedisKey Ciphertext(SecretId id) => Prefix + "secret:" + id.Value + ":ciphertext";

    public RedisKey Log(SecretId id) => Prefix + "secret:" + id.Value + ":log";
}
