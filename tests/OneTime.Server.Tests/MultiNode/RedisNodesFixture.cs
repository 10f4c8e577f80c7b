using OneTime.Server.Tests.Servers;

namespace OneTime.Server.Tests.MultiNode;

/// <summary>
/// Two nodes on one Redis with the persistence the README recommends (append-only file, fsync
/// on every write), so an acknowledged secret survives Redis being killed.
/// </summary>
public sealed class RedisNodesFixture : NodesFixture
{
    private RedisServer _redis = null!;

    public override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["OneTime__Storage__Provider"] = "redis",
        ["OneTime__Storage__ConnectionString"] = _redis.ConnectionString,
        ["OneTime__Storage__KeyPrefix"] = "nodes-test:",
    };

    public override async Task StartStoreAsync() => _redis = await RedisServer.StartAsync(new RedisServerOptions(Persistent: true, Password: "nodes-share-this"));

    public override Task KillStoreAsync() => _redis.KillAsync();

    public override Task RestartStoreAsync() => _redis.StartAgainAsync();

    protected override ValueTask DisposeStoreAsync() => _redis.DisposeAsync();
}
