using OneTime.Server.Tests.Servers;

namespace OneTime.Server.Tests.MultiNode;

/// <summary>Two nodes on one PostgreSQL cluster of their own.</summary>
public sealed class PostgresNodesFixture : NodesFixture
{
    private PostgresServer _postgres = null!;

    public override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["OneTime__Storage__Provider"] = "postgres",
        ["OneTime__Storage__ConnectionString"] = _postgres.ConnectionString,
    };

    public override async Task StartStoreAsync() => _postgres = await PostgresServer.StartAsync();

    public override Task KillStoreAsync() => _postgres.KillAsync();

    public override Task RestartStoreAsync() => _postgres.StartAgainAsync();

    protected override ValueTask DisposeStoreAsync() => _postgres.DisposeAsync();
}
