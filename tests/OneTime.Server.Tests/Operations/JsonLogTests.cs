using System.Text.Json;
using OneTime.Core;
using OneTime.Server.Tests.MultiNode;

namespace OneTime.Server.Tests.Operations;

/// <summary>
/// Logs of a real server process switched to JSON with the framework's own setting, request logs
/// on: every console line is one JSON object, and no query string reaches them.
/// </summary>
public sealed class JsonLogTests(JsonLoggingNode node) : IClassFixture<JsonLoggingNode>
{
    private const string RequestLogger = "Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_Console_Line_Is_One_Json_Object()
    {
        var id = SecretId.New();
        (await node.Node.Http.GetAsync($"/api/v1/secrets/{id}", Ct)).Dispose();
        await node.Node.WaitForOutputAsync(line => line.Contains(RequestLogger, StringComparison.Ordinal) && line.Contains(id.ToString(), StringComparison.Ordinal));

        var lines = node.Node.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            using var entry = JsonDocument.Parse(line);
            Assert.Equal(JsonValueKind.Object, entry.RootElement.ValueKind);
            Assert.True(entry.RootElement.TryGetProperty("Category", out _), line);
        }
    }

    [Fact]
    public async Task A_Query_String_Never_Reaches_The_Logs()
    {
        var secret = "SECRETVALUE" + Guid.NewGuid().ToString("N");
        var id = SecretId.New();
        (await node.Node.Http.GetAsync($"/api/v1/secrets/{id}?token={secret}", Ct)).Dispose();
        (await node.Node.Http.GetAsync($"/s/{id}?token={secret}&key={secret}", Ct)).Dispose();

        // The request is logged (by its path), so a leak would be seen.
        await node.Node.WaitForOutputAsync(line => line.Contains(RequestLogger, StringComparison.Ordinal) && line.Contains($"/s/{id}", StringComparison.Ordinal));

        Assert.Contains($"/api/v1/secrets/{id}", node.Node.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, node.Node.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("token=", node.Node.Output, StringComparison.Ordinal);
    }
}

/// <summary>One server process logging JSON at Information, request logs included.</summary>
public sealed class JsonLoggingNode : IAsyncLifetime
{
    public ServerNode Node { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Node = await ServerNode.StartAsync(new Dictionary<string, string?>
    {
        ["Logging__Console__FormatterName"] = "json",
        ["Logging__LogLevel__Default"] = "Information",
        ["Logging__LogLevel__Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware"] = "Information",
    });

    public async ValueTask DisposeAsync() => await Node.DisposeAsync();
}
