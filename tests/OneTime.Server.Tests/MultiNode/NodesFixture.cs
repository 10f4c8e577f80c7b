namespace OneTime.Server.Tests.MultiNode;

/// <summary>
/// Two nodes (separate server processes on different ports) sharing one store server that the
/// tests own, so they may kill and restart it. Subclasses say which store and how to run it.
/// </summary>
public abstract class NodesFixture : IAsyncLifetime
{
    public ServerNode A { get; private set; } = null!;

    public ServerNode B { get; private set; } = null!;

    /// <summary>The environment variables of a node, exactly as the README tells operators to set them.</summary>
    public abstract IReadOnlyDictionary<string, string?> Settings { get; }

    public async ValueTask InitializeAsync()
    {
        await StartStoreAsync();
        await StartNodesAsync();
    }

    public abstract Task StartStoreAsync();

    /// <summary>Ends the store process at once, as a crash would.</summary>
    public abstract Task KillStoreAsync();

    public abstract Task RestartStoreAsync();

    public async Task KillNodesAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
    }

    public async Task StartNodesAsync()
    {
        var nodes = await Task.WhenAll(ServerNode.StartAsync(Settings), ServerNode.StartAsync(Settings));
        (A, B) = (nodes[0], nodes[1]);
    }

    public async ValueTask DisposeAsync()
    {
        await KillNodesAsync();
        await DisposeStoreAsync();
        GC.SuppressFinalize(this);
    }

    protected abstract ValueTask DisposeStoreAsync();
}
