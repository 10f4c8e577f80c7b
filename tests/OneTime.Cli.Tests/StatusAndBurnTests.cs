namespace OneTime.Cli.Tests;

/// <summary><c>onetime status</c> and <c>onetime burn</c> with the status link that <c>share</c> printed.</summary>
public sealed class StatusAndBurnTests(OneTimeServer server) : IClassFixture<OneTimeServer>
{
    [Fact]
    public async Task Status_shows_state_logins_label_and_who_opened_it()
    {
        var shared = await Cli.ShareAsync(server, "for the log"u8.ToArray(), "--logins", "3", "--label", "staging db");
        await Cli.RunAsync("open", shared.LinkWithKey, "--recipient", "Alice from ops");
        await Cli.RunAsync("open", shared.Url, "--key", "7KD2M-QX4PA-9TRZ3-W8HJN-C5VEB");

        var result = await Cli.RunAsync("status", shared.StatusUrl);

        var text = result.StdoutText;
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("available, 2 of 3 logins left", text, StringComparison.Ordinal);
        Assert.Contains("staging db", text, StringComparison.Ordinal);
        Assert.Matches($"{OneTimeServer.Shown(server.Time.GetUtcNow())} +opened +Alice from ops", text);
        Assert.Contains("wrong login key", text, StringComparison.Ordinal);
        Assert.Contains("onetime", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("for the log", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_json_is_the_servers_answer()
    {
        var shared = await Cli.ShareAsync(server, "json"u8.ToArray());

        var result = await Cli.RunAsync("status", shared.StatusUrl, "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(shared.Id, result.Json.GetProperty("id").GetString());
        Assert.Equal("available", result.Json.GetProperty("state").GetString());
        Assert.Equal(1, result.Json.GetProperty("remainingLogins").GetInt32());
        Assert.Equal(0, result.Json.GetProperty("accessLog").GetArrayLength());
    }

    [Fact]
    public async Task Burn_deletes_the_secret_and_burning_again_is_not_an_error()
    {
        var shared = await Cli.ShareAsync(server, "short life"u8.ToArray());

        var burn = await Cli.RunAsync("burn", shared.StatusUrl);
        var again = await Cli.RunAsync("burn", shared.StatusUrl);
        var status = await Cli.RunAsync("status", shared.StatusUrl);
        var open = await Cli.RunAsync("open", shared.LinkWithKey);

        Assert.Equal(0, burn.ExitCode);
        Assert.Contains("burned", burn.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("already burned", again.Stderr, StringComparison.Ordinal);
        Assert.StartsWith("State      burned", status.StdoutText, StringComparison.Ordinal);
        Assert.Equal(4, open.ExitCode);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("burn")]
    public async Task The_recipients_link_or_a_link_without_token_is_refused_with_a_hint(string command)
    {
        var shared = await Cli.ShareAsync(server, "x"u8.ToArray());
        var withoutToken = shared.StatusUrl[..shared.StatusUrl.IndexOf('#', StringComparison.Ordinal)];

        var recipientsLink = await Cli.RunAsync(command, shared.LinkWithKey);
        var noToken = await Cli.RunAsync(command, withoutToken);

        Assert.Equal(2, recipientsLink.ExitCode);
        Assert.Contains("status link that 'onetime share' printed", recipientsLink.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, noToken.ExitCode);
        Assert.Contains("no valid token", noToken.Stderr, StringComparison.Ordinal);
        Assert.Equal("available", (await server.ManageAsync(shared.StatusUrl)).State);
    }
}
