using System.Text;
using OneTime.Core;

namespace OneTime.Cli.Tests;

/// <summary>Which server the CLI talks to, and what it does (and does not) send there.</summary>
public sealed class ServerChoiceTests(OneTimeServer server) : IClassFixture<OneTimeServer>
{
    private const string NowhereUrl = "http://127.0.0.1:9";

    [Fact]
    public async Task Share_takes_the_server_from_the_environment_and_the_option_wins()
    {
        var fromEnvironment = await Cli.RunAsync(["share", "--json"], "a"u8.ToArray(), Environment(server.Url));
        var optionWins = await Cli.RunAsync(["share", "--json", "--server", server.Url], "b"u8.ToArray(), Environment(NowhereUrl));

        Assert.Equal(0, fromEnvironment.ExitCode);
        Assert.StartsWith(server.Url + "/s/", SharedByCli.From(fromEnvironment.Json).Url, StringComparison.Ordinal);
        Assert.Equal(0, optionWins.ExitCode);
    }

    [Fact]
    public async Task Open_uses_the_links_server_unless_the_option_names_one_and_the_environment_only_for_bare_ids()
    {
        var shared = await Cli.ShareAsync(server, "where"u8.ToArray(), "--logins", "5");
        var elsewhere = shared.LinkWithKey.Replace(server.Url, NowhereUrl, StringComparison.Ordinal);
        await using var otherServer = StubServer.Problem(404, "not_found");

        var fromLink = await Cli.RunAsync("open", shared.LinkWithKey);
        var fromOption = await Cli.RunAsync("open", elsewhere, "--server", server.Url);
        var linkBeatsEnvironment = await Cli.RunAsync(["open", shared.LinkWithKey], null, Environment(otherServer.Url));
        var bareIdFromEnvironment = await Cli.RunAsync(["open", $"{shared.Id}#{shared.LoginKey}"], null, Environment(server.Url));

        Assert.Equal(0, fromLink.ExitCode);
        Assert.Equal(0, fromOption.ExitCode);
        Assert.Contains("not the link's", fromOption.Stderr, StringComparison.Ordinal);
        Assert.Equal((0, "where"), (linkBeatsEnvironment.ExitCode, linkBeatsEnvironment.StdoutText));
        // The other server saw nothing: not the id, not the authToken.
        Assert.Empty(otherServer.Requests);
        Assert.Equal((0, "where"), (bareIdFromEnvironment.ExitCode, bareIdFromEnvironment.StdoutText));
    }

    [Fact]
    public async Task A_bare_id_with_the_key_works_when_the_server_is_known()
    {
        var shared = await Cli.ShareAsync(server, "bare"u8.ToArray());

        var withoutServer = await Cli.RunAsync("open", $"{shared.Id}#{shared.LoginKey}");
        var withServer = await Cli.RunAsync("open", $"{shared.Id}#{shared.LoginKey}", "--server", server.Url);

        Assert.Equal(2, withoutServer.ExitCode);
        Assert.Equal(0, withServer.ExitCode);
        Assert.Equal("bare", withServer.StdoutText);
    }

    [Fact]
    public async Task A_server_under_a_path_keeps_its_path()
    {
        await using var stub = StubServer.Problem(404, "not_found");

        var result = await Cli.RunAsync("open", $"{stub.Url}/tools/onetime/s/Qm9vb29vb29vb29vb29vbw#7KD2M-QX4PA-9TRZ3-W8HJN-C5VEB");

        Assert.Equal(5, result.ExitCode);
        Assert.StartsWith("POST /tools/onetime/api/v1/secrets/Qm9vb29vb29vb29vb29vbw/open HTTP/1.1", stub.Requests.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_sends_the_auth_token_and_a_user_agent_but_never_the_key()
    {
        await using var stub = StubServer.Problem(403, "wrong_login_key");
        var key = LoginKey.Generate();

        var result = await Cli.RunAsync("open", $"{stub.Url}/s/Qm9vb29vb29vb29vb29vbw#{key.Formatted}", "--recipient", "Bob");

        var request = stub.Requests.Single();
        Assert.Equal(3, result.ExitCode);
        Assert.Matches(@"(?m)^User-Agent: onetime/\d+\.\d+\.\d+\r$", request);
        Assert.Contains(Envelope.ToBase64Url(Envelope.DeriveAuthToken(key)), request, StringComparison.Ordinal);
        Assert.Contains("\"recipient\":\"Bob\"", request, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Canonical, request.Replace("-", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain(key.Canonical[..5], request, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Share_sends_only_ciphertext_and_verifier()
    {
        await using var stub = StubServer.Problem(503, "store_unavailable");
        const string content = "the content never leaves unencrypted";

        var result = await Cli.RunAsync(["share", "--server", stub.Url, "--label", "visible label"], Encoding.UTF8.GetBytes(content));

        var request = stub.Requests.Single();
        Assert.Equal(6, result.ExitCode);
        Assert.StartsWith("POST /api/v1/secrets HTTP/1.1", request, StringComparison.Ordinal);
        Assert.DoesNotContain("content never leaves", request, StringComparison.Ordinal);
        Assert.Contains("\"verifier\":", request, StringComparison.Ordinal);
        Assert.Contains("\"label\":\"visible label\"", request, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    private static Dictionary<string, string> Environment(string server) => new() { ["ONETIME_SERVER"] = server };
}
