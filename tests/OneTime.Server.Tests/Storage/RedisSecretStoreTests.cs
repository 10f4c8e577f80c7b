using OneTime.Core;
using OneTime.Server.Storage;
using StackExchange.Redis;

namespace OneTime.Server.Tests.Storage;

[Trait("Store", "redis")]
public sealed class RedisSecretStoreTests(RedisFixture redis) : SecretStoreConformanceTests
{
    // Long enough that the ciphertext is still there when the test first looks, on a busy machine too.
    private static readonly TimeSpan RedisTimeToLive = TimeSpan.FromSeconds(2);

    private readonly string _prefix = RedisFixture.NewKeyPrefix();

    protected override async ValueTask<ISecretStore> CreateStoreAsync() =>
        new RedisSecretStore(await redis.GetConnectionStringAsync(), _prefix);

    protected override async Task<IReadOnlyList<byte[]>> ReadStoredValuesAsync(SecretId id)
    {
        await using var connection = await ConnectAsync();
        var database = connection.GetDatabase();
        var key = $"{_prefix}secret:{id.Value}";
        var values = (await database.HashGetAllAsync(key)).Select(field => (byte[])field.Value!).ToList();
        if (await database.StringGetAsync(key + ":ciphertext") is { HasValue: true } ciphertext)
        {
            values.Add((byte[])ciphertext!);
        }

        return values;
    }

    [Fact]
    public async Task Every_Key_Starts_With_The_Prefix_And_No_Key_Name_Holds_A_Hash()
    {
        var (secret, verifier) = await AddAsync(maxLogins: 2);
        await Store.TryOpenAsync(secret.Id, verifier, new AccessContext(Now), Ct);
        await using var connection = await ConnectAsync();

        var keys = connection.GetServers()[0].Keys(pattern: _prefix + "*").Select(key => (string)key!).ToList();

        Assert.Equal(
            [$"{_prefix}audit", $"{_prefix}audit:purging", $"{_prefix}audit:seq", $"{_prefix}expiring", $"{_prefix}purging",
             $"{_prefix}secret:{secret.Id.Value}", $"{_prefix}secret:{secret.Id.Value}:ciphertext", $"{_prefix}secret:{secret.Id.Value}:log"],
            keys.Order());
        Assert.DoesNotContain(keys, key => key.Contains(Convert.ToBase64String(verifier)[..8], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Redis_Deletes_The_Ciphertext_By_Itself_When_The_Time_Is_Up_And_Keeps_The_Tombstone()
    {
        // Redis counts the time to live from creation on its own clock, while the store's clock
        // stands still, so only Redis can have deleted the ciphertext. Connected first: on a busy
        // CI machine connecting took longer than a short time to live.
        await using var connection = await ConnectAsync();
        var database = connection.GetDatabase();
        var (secret, verifier) = await AddAsync(maxLogins: 1, ttl: RedisTimeToLive);

        await WaitForRedisToDropTheCiphertextAsync(database, secret.Id);

        Assert.Equal(SecretState.Expired, (await Store.GetStatusAsync(secret.Id, Now, Ct))!.State);
        Assert.Equal(OpenOutcome.Expired, (await Store.TryOpenAsync(secret.Id, verifier, new AccessContext(Now), Ct)).Outcome);
        var tombstoneTtl = await database.KeyTimeToLiveAsync($"{_prefix}secret:{secret.Id.Value}");
        Assert.InRange(tombstoneTtl!.Value, TimeSpan.FromDays(89), TimeSpan.FromDays(91));
        Assert.InRange((await database.KeyTimeToLiveAsync($"{_prefix}secret:{secret.Id.Value}:log"))!.Value, TimeSpan.FromDays(89), TimeSpan.FromDays(91));
    }

    [Fact]
    public async Task An_Open_After_Redis_Dropped_The_Ciphertext_Is_Logged_As_Refused_Expired()
    {
        await using var connection = await ConnectAsync();
        var (secret, verifier) = await AddAsync(maxLogins: 2, ttl: RedisTimeToLive, label: "for Acme");
        await WaitForRedisToDropTheCiphertextAsync(connection.GetDatabase(), secret.Id);

        // By the store's clock the secret still has time left; only Redis's own expiry ended it.
        var refused = await Store.TryOpenAsync(secret.Id, verifier, new AccessContext(Now, "Dana"), Ct);

        var expected = new AuditEvent(secret.Id, "for Acme", new AccessEvent(Now, AccessOutcome.RefusedExpired, "Dana", null, null));
        Assert.Equal((OpenOutcome.Expired, null, expected), (refused.Outcome, refused.Ciphertext, refused.Recorded));
        var managed = await Store.GetManagedAsync(secret.Id, System.Security.Cryptography.SHA256.HashData(ManageToken(secret)), Now, Ct);
        Assert.Equal(new SecretStatus(SecretState.Expired, 0, secret.ExpiresAt), managed!.Status);
        Assert.Equal([expected.Event], managed.AccessLog);
        var audit = new List<AuditEvent>();
        await foreach (var e in Store.ReadAuditAsync(Now, Now.AddMinutes(1), Ct))
        {
            audit.Add(e);
        }

        Assert.Equal([expected], audit);
    }

    [Fact]
    public async Task A_Redis_That_Cannot_Be_Reached_Fails_With_The_Address_And_Without_The_Password()
    {
        var port = Servers.FreePort.Next();

        var error = Assert.Throws<StoreUnavailableException>(() =>
            new RedisSecretStore($"127.0.0.1:{port},password=very-secret-pw,connectTimeout=2000", _prefix));

        Assert.Contains($"Redis store at 127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("very-secret-pw", error.ToString(), StringComparison.Ordinal);
    }

    private async Task WaitForRedisToDropTheCiphertextAsync(IDatabase database, Core.SecretId id)
    {
        var ciphertextKey = $"{_prefix}secret:{id.Value}:ciphertext";
        Assert.True(await database.KeyExistsAsync(ciphertextKey));

        var deadline = DateTime.UtcNow + RedisTimeToLive + TimeSpan.FromSeconds(10);
        while (await database.KeyExistsAsync(ciphertextKey) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Ct);
        }

        Assert.False(await database.KeyExistsAsync(ciphertextKey));
    }

    private async Task<ConnectionMultiplexer> ConnectAsync()
    {
        var options = ConfigurationOptions.Parse(await redis.GetConnectionStringAsync());
        options.AllowAdmin = true;
        return await ConnectionMultiplexer.ConnectAsync(options);
    }
}
