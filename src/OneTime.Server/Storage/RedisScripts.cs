namespace OneTime.Server.Storage;

/// <summary>
/// The Lua scripts behind <see cref="RedisSecretStore"/>. Redis runs a script alone, start to end,
/// so each one is a single atomic step: no other open, burn or purge can run in between.
/// Times are Unix milliseconds from the calling node's clock (the server decides, DESIGN §3); the
/// key TTLs Redis enforces by itself are set relative to creation, so a node and Redis whose clocks
/// disagree still expire a secret at the same moment give or take the skew, never early by days.
/// Hashes are compared with <c>==</c>: the caller hashes whatever the client sent with SHA-256
/// first, so timing reveals nothing an attacker could steer.
/// </summary>
internal static class RedisScripts
{
    // KEYS: 1 secret, 2 ciphertext, 3 expiring, 4 purging
    // ARGV: 1 id, 2 verifier, 3 manage token hash, 4 label (JSON literal), 5 max logins, 6 created,
    //       7 expires, 8 purge, 9 ciphertext, 10 ciphertext TTL (ms), 11 tombstone TTL (ms)
    public const string Add = """
        redis.call('HSET', KEYS[1], 'verifier', ARGV[2], 'manage', ARGV[3], 'label', ARGV[4], 'state', 0,
          'max', ARGV[5], 'remaining', ARGV[5], 'created', ARGV[6], 'expires', ARGV[7], 'purge', ARGV[8])
        redis.call('PEXPIRE', KEYS[1], ARGV[11])
        redis.call('SET', KEYS[2], ARGV[9], 'PX', ARGV[10])
        redis.call('ZADD', KEYS[3], ARGV[7], ARGV[1])
        redis.call('ZADD', KEYS[4], ARGV[8], ARGV[1])
        return 1
        """;

    // KEYS: 1 secret, 2 ciphertext
    public const string Status = """
        local s = redis.call('HMGET', KEYS[1], 'state', 'remaining', 'expires')
        if not s[1] then return false end
        return {s[1], s[2], s[3], redis.call('EXISTS', KEYS[2])}
        """;

    // KEYS: 1 secret, 2 ciphertext, 3 log
    public const string Managed = """
        local s = redis.call('HMGET', KEYS[1], 'manage', 'state', 'remaining', 'expires', 'max', 'created', 'label')
        if not s[1] then return false end
        return {s[1], s[2], s[3], s[4], s[5], s[6], s[7], redis.call('EXISTS', KEYS[2]), redis.call('LRANGE', KEYS[3], 0, -1)}
        """;

    // KEYS: 1 secret, 2 ciphertext, 3 log, 4 expiring, 5 audit, 6 audit:purging, 7 audit:seq
    // ARGV: 1 id, 2 presented hash, 3 at (ms), 4 who (the JSON members "r", "a", "u"), 5 burn: 'sender' or 'recipient'
    // An access entry is a 16-digit sequence number and a JSON object; the sequence keeps entries of the
    // same millisecond in the order they happened, both in the log and in the audit's sorted set.
    // A secret is due when its time is up by the caller's clock, or when Redis has already dropped
    // its ciphertext: either way it becomes an Expired tombstone here and now. A tombstone keeps
    // state, times and the manage-token hash (the sender's page needs it), never the verifier.
    private const string Prelude = """
        local s = redis.call('HMGET', KEYS[1], 'verifier', 'manage', 'state', 'remaining', 'expires', 'purge', 'label')
        if not s[3] then return {'not_found'} end
        local at = tonumber(ARGV[3])
        local state, remaining, expires = tonumber(s[3]), tonumber(s[4]), tonumber(s[5])

        local function log(outcome)
          local entry = string.format('%016d', redis.call('INCR', KEYS[7]))
            .. '{"at":' .. ARGV[3] .. ',"o":"' .. outcome .. '","id":"' .. ARGV[1] .. '","label":' .. s[7] .. ',' .. ARGV[4] .. '}'
          redis.call('RPUSH', KEYS[3], entry)
          local ttl = redis.call('PTTL', KEYS[1])
          if ttl > 0 then redis.call('PEXPIRE', KEYS[3], ttl) end
          redis.call('ZADD', KEYS[5], ARGV[3], entry)
          redis.call('ZADD', KEYS[6], s[6], entry)
          return entry
        end

        local function finish(final)
          redis.call('HSET', KEYS[1], 'state', final, 'remaining', 0)
          redis.call('HDEL', KEYS[1], 'verifier')
          redis.call('DEL', KEYS[2])
          redis.call('ZREM', KEYS[4], ARGV[1])
        end

        local function due()
          return state == 0 and (at >= expires or redis.call('EXISTS', KEYS[2]) == 0)
        end

        """;

    // Returns {outcome, entry, ciphertext or nil, remaining logins, expires}; {'not_found'} logs nothing.
    public const string Open = Prelude + """
        if due() then
          state, remaining = 1, 0
          finish(1)
        end

        if state ~= 0 then
          local refusal = ({'expired', 'used_up', 'burned'})[state]
          return {refusal, log('refused_' .. refusal), false, 0, s[5]}
        end

        if s[1] ~= ARGV[2] then
          return {'wrong_key', log('wrong_login_key'), false, remaining, s[5]}
        end

        local ciphertext = redis.call('GET', KEYS[2])
        remaining = remaining - 1
        if remaining == 0 then
          finish(2)
        else
          redis.call('HSET', KEYS[1], 'remaining', remaining)
        end
        return {'opened', log('opened'), ciphertext, remaining, s[5]}
        """;

    // Returns {outcome, entry or nil}. A wrong manage token is not logged (the sender's page would
    // show noise from strangers); a wrong recipient key is, like a wrong key at open. An ended
    // secret has no verifier left to compare, so a recipient learns only what its status says.
    public const string Burn = Prelude + """
        local bySender = ARGV[5] == 'sender'
        if due() then
          state = 1
          finish(1)
        end

        if state ~= 0 and not bySender then return {'already_gone'} end

        if (bySender and s[2] or s[1]) ~= ARGV[2] then
          if bySender then return {'refused'} end
          return {'refused', log('wrong_login_key')}
        end

        if state ~= 0 then return {'already_gone'} end

        finish(3)
        return {'burned', log(bySender and 'burned_by_sender' or 'burned_by_recipient')}
        """;

    // KEYS: 1 expiring, 2 purging, 3 audit, 4 audit:purging
    // ARGV: 1 now (ms), 2 key prefix, 3 batch size
    // Returns {changed, seen}; the caller repeats while a batch saw anything. The secrets' own keys
    // are built here from the prefix, which is why the Redis store needs a single primary, not Cluster.
    // Redis drops ciphertext and tombstones by itself; this trims the indexes and the audit, and
    // makes expiry exact to the millisecond by the nodes' clock.
    public const string Purge = """
        local changed, seen = 0, 0
        for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[3])) do
          local key = ARGV[2] .. 'secret:' .. id
          if redis.call('HGET', key, 'state') == '0' then
            redis.call('HSET', key, 'state', 1, 'remaining', 0)
            redis.call('HDEL', key, 'verifier')
            changed = changed + 1
          end
          redis.call('DEL', key .. ':ciphertext')
          redis.call('ZREM', KEYS[1], id)
          seen = seen + 1
        end

        for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, ARGV[3])) do
          local key = ARGV[2] .. 'secret:' .. id
          changed = changed + redis.call('DEL', key)
          redis.call('DEL', key .. ':ciphertext', key .. ':log')
          redis.call('ZREM', KEYS[2], id)
          redis.call('ZREM', KEYS[1], id)
          seen = seen + 1
        end

        for _, entry in ipairs(redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', ARGV[1], 'LIMIT', 0, ARGV[3])) do
          redis.call('ZREM', KEYS[3], entry)
          redis.call('ZREM', KEYS[4], entry)
          changed = changed + 1
          seen = seen + 1
        end

        return {changed, seen}
        """;
}
