using OneTime.Server.Tests.Api;
using OneTime.Server.Tests.MultiNode;
using OneTime.Server.Tests.Servers;

namespace OneTime.Server.Tests.Security;

/// <summary>
/// The leak search of <see cref="LeakTests"/> for the shared stores: a node process logging every
/// category at Trace runs the same create / open / burn flow on Redis or PostgreSQL, then every
/// log line, the metrics and every file the store wrote (Redis's append-only file; PostgreSQL's
/// tables, TOAST and write-ahead log) are searched for the content, the key and the tokens.
/// </summary>
public abstract class SharedStoreLeakTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Starts the store, runs <paramref name="flow"/> on a node over it, stops the store and returns every file it wrote.</summary>
    protected abstract Task<IReadOnlyList<(string Path, byte[] Bytes)>> RunOnStoreAsync(Func<IReadOnlyDictionary<string, string?>, Task> flow);

    protected static IReadOnlyList<(string Path, byte[] Bytes)> ReadAllFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(path => (path, File.ReadAllBytes(path))).ToList();

    [Fact]
    public async Task No_Log_Line_Metric_Or_Store_File_Holds_Content_Key_Or_Tokens()
    {
        const string content = LeakTests.Content;
        var secrets = new List<SharedSecret>();
        var logs = "";
        var metrics = "";

        var storeFiles = await RunOnStoreAsync(async settings =>
        {
            var verbose = new Dictionary<string, string?>(settings);
            foreach (var (key, value) in VerboseLogging.Settings("__"))
            {
                verbose[key] = value;
            }

            await using var node = await ServerNode.StartAsync(verbose);
            var client = new SecretClient(node.Http);
            var opened = await client.ShareAsync(content, maxLogins: 2, label: "leak test");
            var usedUp = await client.ShareAsync(content);
            var burnedBySender = await client.ShareAsync(content, maxLogins: 2);
            secrets.AddRange([opened, usedUp, burnedBySender]);

            await LeakTests.RunFlowAsync(client, opened, usedUp, burnedBySender);
            metrics = await LeakTests.ScrapeAsync(node.Http);
            await Task.Delay(300, Ct);
            logs = node.Output;
        });

        Assert.Contains(secrets[0].Id, logs, StringComparison.Ordinal);
        Assert.True(VerboseLogging.HasVerboseLines(logs, "Microsoft.AspNetCore.Server.Kestrel"), "the node's output should hold Kestrel's Debug and Trace lines");
        Assert.True(VerboseLogging.HasVerboseLines(logs, "Microsoft.AspNetCore.Routing"), "the node's output should hold routing's Debug lines");
        Assert.True(storeFiles.Any(f => f.Bytes.AsSpan().IndexOf("leak test"u8) >= 0), "the search should see the store's data (the label)");
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret.Id, metrics, StringComparison.Ordinal);
            foreach (var (what, text) in LeakTests.Secrets(secret, content))
            {
                Assert.False(logs.Contains(text, StringComparison.Ordinal), $"a log line holds the {what}");
                Assert.False(metrics.Contains(text, StringComparison.Ordinal), $"the metrics hold the {what}");
            }

            // The raw verifier is left out: these files log past writes (the create included) for a while.
            foreach (var (what, needle) in LeakTests.SecretBytes(secret, content, rawVerifier: false))
            {
                var holder = storeFiles.FirstOrDefault(f => f.Bytes.AsSpan().IndexOf(needle) >= 0).Path;
                Assert.True(holder is null, $"the store's file {holder} holds the {what}");
            }
        }
    }
}

public sealed class RedisLeakTests : SharedStoreLeakTests
{
    protected override async Task<IReadOnlyList<(string Path, byte[] Bytes)>> RunOnStoreAsync(Func<IReadOnlyDictionary<string, string?>, Task> flow)
    {
        await using var redis = await RedisServer.StartAsync(new RedisServerOptions(Persistent: true, Password: "leak-test"));
        await flow(new Dictionary<string, string?>
        {
            ["OneTime__Storage__Provider"] = "redis",
            ["OneTime__Storage__ConnectionString"] = redis.ConnectionString,
        });
        await redis.KillAsync();
        return ReadAllFiles(redis.DataDirectory);
    }
}

public sealed class PostgresLeakTests : SharedStoreLeakTests
{
    protected override async Task<IReadOnlyList<(string Path, byte[] Bytes)>> RunOnStoreAsync(Func<IReadOnlyDictionary<string, string?>, Task> flow)
    {
        await using var postgres = await PostgresServer.StartAsync();
        await flow(new Dictionary<string, string?>
        {
            ["OneTime__Storage__Provider"] = "postgres",
            ["OneTime__Storage__ConnectionString"] = postgres.ConnectionString,
        });
        // Every row the flow wrote is in the write-ahead log, and in the table files once checkpointed.
        await postgres.KillAsync();
        return ReadAllFiles(postgres.DataDirectory);
    }
}
