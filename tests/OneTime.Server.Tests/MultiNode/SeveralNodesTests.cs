using System.Net;
using OneTime.Core;
using OneTime.Server.Tests.Api;
using OneTime.Server.Tests.Servers;

namespace OneTime.Server.Tests.MultiNode;

/// <summary>
/// DESIGN §1.2 across nodes: two server processes on one shared store behave as one service,
/// the login count holds however requests are spread, and nothing acknowledged is lost when
/// nodes or the store restart. Written once; each store is a small subclass.
/// </summary>
public abstract class SeveralNodesTests(NodesFixture nodes)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Settings for a node whose store listens nowhere, with a password that must not be printed.</summary>
    protected abstract IReadOnlyDictionary<string, string?> UnreachableStore(int port, string password);

    /// <summary>What the one line must name: the provider and the address.</summary>
    protected abstract string ExpectedWhere(int port);

    [Fact]
    public async Task A_Secret_Created_On_One_Node_Opens_On_The_Other()
    {
        var secret = await new SecretClient(nodes.A.Http).ShareAsync("made on A", maxLogins: 2);

        Assert.Equal("made on A", await new SecretClient(nodes.B.Http).OpenTextAsync(secret));
        Assert.Equal(1, (await new SecretClient(nodes.A.Http).StatusAsync(secret.Id)).RemainingLogins);
    }

    [Fact]
    public async Task Two_Hundred_Racing_Opens_Spread_Over_Both_Nodes_Give_Exactly_Three_Successes()
    {
        var secret = await new SecretClient(nodes.A.Http).ShareAsync("three times only", maxLogins: 3);
        SecretClient[] clients = [new(nodes.A.Http), new(nodes.B.Http)];

        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            Task.Run(() => clients[i % 2].OpenAsync(secret.Id, secret.Key), Ct)));

        Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.Equal(197, answers.Count(a => a.StatusCode == HttpStatusCode.Gone));
        Assert.Equal("used_up", (await clients[1].StatusAsync(secret.Id)).State);
    }

    [Fact]
    public async Task An_Acknowledged_Secret_Still_Opens_After_Both_Nodes_And_The_Store_Were_Killed()
    {
        var secret = await new SecretClient(nodes.A.Http).ShareAsync("survives a restart", maxLogins: 2);
        Assert.Equal("survives a restart", await new SecretClient(nodes.B.Http).OpenTextAsync(secret));

        await nodes.KillNodesAsync();
        await nodes.KillStoreAsync();
        await nodes.RestartStoreAsync();
        await nodes.StartNodesAsync();

        Assert.Equal("survives a restart", await new SecretClient(nodes.B.Http).OpenTextAsync(secret));
        Assert.Equal("used_up", (await new SecretClient(nodes.A.Http).StatusAsync(secret.Id)).State);
    }

    [Fact]
    public async Task Losing_The_Store_Answers_503_And_Service_Resumes_By_Itself_When_It_Is_Back()
    {
        var client = new SecretClient(nodes.A.Http);
        var secret = await client.ShareAsync("kept through the outage");

        await nodes.KillStoreAsync();
        try
        {
            await Problem.AssertAsync(await client.OpenAsync(secret.Id, secret.Key), HttpStatusCode.ServiceUnavailable, "store_unavailable");
            await Problem.AssertAsync(await client.Http.GetAsync($"/api/v1/secrets/{secret.Id}", Ct), HttpStatusCode.ServiceUnavailable, "store_unavailable");
        }
        finally
        {
            await nodes.RestartStoreAsync();
        }

        await WaitUntilServingAsync(nodes.A, secret.Id);
        await WaitUntilServingAsync(nodes.B, secret.Id);

        Assert.Equal("kept through the outage", await new SecretClient(nodes.B.Http).OpenTextAsync(secret));
    }

    [Fact]
    public async Task Ready_Turns_503_While_The_Store_Is_Down_And_200_When_It_Is_Back_While_Alive_Stays_200()
    {
        await WaitForReadyAsync(nodes.A, HttpStatusCode.OK);

        await nodes.KillStoreAsync();
        try
        {
            await WaitForReadyAsync(nodes.A, HttpStatusCode.ServiceUnavailable);
        }
        finally
        {
            await nodes.RestartStoreAsync();
        }

        await WaitForReadyAsync(nodes.A, HttpStatusCode.OK);
        // Node B reconnects on its own schedule; the tests after this one share both nodes.
        await WaitForReadyAsync(nodes.B, HttpStatusCode.OK);
    }

    // Polls /readyz until it gives the status wanted, checking /healthz answers 200 at every step.
    private static async Task WaitForReadyAsync(ServerNode node, HttpStatusCode wanted)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpStatusCode ready;
        do
        {
            Assert.Equal(HttpStatusCode.OK, (await node.Http.GetAsync("/healthz", Ct)).StatusCode);
            ready = (await node.Http.GetAsync("/readyz", Ct)).StatusCode;
            if (ready != wanted)
            {
                await Task.Delay(200, Ct);
            }
        }
        while (ready != wanted && DateTime.UtcNow < deadline);

        Assert.True(ready == wanted, $"/readyz of {node.BaseAddress} answers {ready}, not {wanted}:\n{node.Output}");
    }

    private static async Task WaitUntilServingAsync(ServerNode node, string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpStatusCode status;
        while ((status = (await node.Http.GetAsync($"/api/v1/secrets/{id}", Ct)).StatusCode) != HttpStatusCode.OK && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, Ct);
        }

        Assert.True(status == HttpStatusCode.OK, $"{node.BaseAddress} still answers {status}:\n{node.Output}");
    }

    [Fact]
    public async Task A_Node_Whose_Store_Cannot_Be_Reached_Exits_With_One_Line_Naming_It_But_Not_The_Password()
    {
        var port = FreePort.Next();

        var (exitCode, output) = await ServerNode.RunUntilExitAsync(UnreachableStore(port, "pw-never-printed"), TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exitCode);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("stderr: OneTime cannot start: ", line, StringComparison.Ordinal);
        Assert.Contains(ExpectedWhere(port), line, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-never-printed", output, StringComparison.Ordinal);
    }
}
