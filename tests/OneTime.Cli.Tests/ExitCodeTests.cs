using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OneTime.Cli.Tests;

/// <summary>Every documented exit code, each from a real situation, and what stays out of stderr.</summary>
public sealed class ExitCodeTests(OneTimeServer server) : IClassFixture<OneTimeServer>
{
    private const string ValidButWrongKey = "7KD2M-QX4PA-9TRZ3-W8HJN-C5VEB";

    [Fact]
    public async Task A_malformed_key_exits_2_before_any_request_and_uses_nothing()
    {
        var shared = await Cli.ShareAsync(server, "top secret"u8.ToArray());

        var result = await Cli.RunAsync("open", shared.Url, "--key", "QQQQQ-RRRRR-SSSSS-TTTTT");
        var status = await server.ManageAsync(shared.StatusUrl);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not valid", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("QQQQQ", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
        Assert.Empty(status.AccessLog);
        Assert.Equal(1, status.RemainingLogins);
    }

    [Fact]
    public async Task A_malformed_key_is_refused_even_when_no_server_listens()
    {
        var result = await Cli.RunAsync("open", $"{ClosedPortUrl()}/s/Qm9vb29vb29vb29vb29vbw#not-a-key");

        Assert.Equal(2, result.ExitCode);
    }

    [Theory]
    [InlineData("open")]
    [InlineData("share", "--ttl")]
    [InlineData("share", "--logins", "many")]
    [InlineData("frobnicate")]
    [InlineData("share", "--bogus")]
    [InlineData("open", "https://example.com/s/Qm9vb29vb29vb29vb29vbw", "--key", "x", "extra")]
    public async Task Usage_mistakes_exit_2(params string[] args)
    {
        var result = await Cli.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--help", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Theory]
    [InlineData("https://example.com/x/Qm9vb29vb29vb29vb29vbw", "not a OneTime link")]
    [InlineData("https://example.com/s/too-short", "id is not valid")]
    [InlineData("ftp://example.com/s/Qm9vb29vb29vb29vb29vbw", "https://")]
    [InlineData("https://example.com/m/Qm9vb29vb29vb29vb29vbw#token", "status link")]
    public async Task A_link_that_cannot_be_a_secret_link_exits_2(string link, string message)
    {
        var result = await Cli.RunAsync("open", link, "--key", ValidButWrongKey);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_content_and_bad_choices_exit_2()
    {
        var notUtf8 = await Cli.RunAsync(["share", "--server", server.Url], [0x66, 0x6f, 0xff, 0xfe]);
        var empty = await Cli.RunAsync(["share", "--server", server.Url], []);
        var blank = await Cli.RunAsync(["share", "--server", server.Url], " \r\n\t\n"u8.ToArray());
        var folder = await Cli.RunAsync("share", "--server", server.Url, Path.GetTempPath());
        var ttl = await Cli.RunAsync(["share", "--server", server.Url, "--ttl", "2h"], "x"u8.ToArray());
        var logins = await Cli.RunAsync(["share", "--server", server.Url, "--logins", "4"], "x"u8.ToArray());
        var notANumber = await Cli.RunAsync(["share", "--server", server.Url, "--logins", "abc"], "x"u8.ToArray());
        var noServer = await Cli.RunAsync(["share"], "x"u8.ToArray());
        var missingFile = await Cli.RunAsync("share", "--server", server.Url, "/nonexistent/secret.txt");

        Assert.Equal((2, "not UTF-8"), (notUtf8.ExitCode, Fragment(notUtf8.Stderr, "not UTF-8")));
        Assert.Equal((2, "empty"), (empty.ExitCode, Fragment(empty.Stderr, "empty")));
        Assert.Equal((2, "only spaces and line breaks"), (blank.ExitCode, Fragment(blank.Stderr, "only spaces and line breaks")));
        Assert.Equal((2, "is a folder"), (folder.ExitCode, Fragment(folder.Stderr, "is a folder")));
        Assert.Equal((2, "ttl must be one of 1h, 1d, 7d, 30d"), (ttl.ExitCode, Fragment(ttl.Stderr, "ttl must be one of 1h, 1d, 7d, 30d")));
        Assert.Equal((2, "maxLogins must be one of 1, 2, 3, 5"), (logins.ExitCode, Fragment(logins.Stderr, "maxLogins must be one of 1, 2, 3, 5")));
        Assert.Equal((2, "--logins must be a login count such as 1, 2, 3, 5."), (notANumber.ExitCode, Fragment(notANumber.Stderr, "--logins must be a login count such as 1, 2, 3, 5.")));
        Assert.DoesNotContain("System.", notANumber.Stderr, StringComparison.Ordinal);
        Assert.Equal((2, "ONETIME_SERVER"), (noServer.ExitCode, Fragment(noServer.Stderr, "ONETIME_SERVER")));
        Assert.Equal((2, "Cannot read"), (missingFile.ExitCode, Fragment(missingFile.Stderr, "Cannot read")));
    }

    [Fact]
    public async Task A_wrong_key_exits_3_and_uses_no_login()
    {
        var shared = await Cli.ShareAsync(server, "top secret"u8.ToArray());

        var result = await Cli.RunAsync("open", shared.Url, "--key", ValidButWrongKey);
        var status = await server.ManageAsync(shared.StatusUrl);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("Login key is not right", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
        Assert.Equal(1, status.RemainingLogins);
    }

    [Fact]
    public async Task A_wrong_status_token_exits_3()
    {
        var shared = await Cli.ShareAsync(server, "top secret"u8.ToArray());
        var wrongToken = shared.StatusUrl[..shared.StatusUrl.IndexOf('#', StringComparison.Ordinal)] + "#" + new string('A', 43);

        var status = await Cli.RunAsync("status", wrongToken);
        var burn = await Cli.RunAsync("burn", wrongToken);

        Assert.Equal(3, status.ExitCode);
        Assert.Equal(3, burn.ExitCode);
        Assert.Contains("status link is not right", status.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_used_up_secret_exits_4()
    {
        var shared = await Cli.ShareAsync(server, "once"u8.ToArray());

        var first = await Cli.RunAsync("open", shared.LinkWithKey);
        var second = await Cli.RunAsync("open", shared.LinkWithKey);

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("last login", first.Stderr, StringComparison.Ordinal);
        Assert.Equal(4, second.ExitCode);
        Assert.Contains("already opened", second.Stderr, StringComparison.Ordinal);
        Assert.Empty(second.Stdout);
    }

    [Fact]
    public async Task A_burned_secret_exits_4()
    {
        var shared = await Cli.ShareAsync(server, "burn me"u8.ToArray());

        var burn = await Cli.RunAsync("burn", shared.StatusUrl);
        var open = await Cli.RunAsync("open", shared.LinkWithKey);

        Assert.Equal(0, burn.ExitCode);
        Assert.Equal(4, open.ExitCode);
        Assert.Contains("deleted", open.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_secret_exits_4()
    {
        var shared = await Cli.ShareAsync(server, "short-lived"u8.ToArray(), "--ttl", "1h");
        server.Time.Advance(TimeSpan.FromMinutes(61));

        var result = await Cli.RunAsync("open", shared.LinkWithKey);

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("expired", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_id_exits_5()
    {
        var result = await Cli.RunAsync("open", $"{server.Url}/s/Qm9vb29vb29vb29vb29vbw#{ValidButWrongKey}");

        Assert.Equal(5, result.ExitCode);
        Assert.Contains("no such secret", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_address_with_a_wrong_path_exits_6_and_says_to_check_it_not_that_there_is_no_secret()
    {
        var shared = await Cli.ShareAsync(server, "right server, wrong path"u8.ToArray());

        var share = await Cli.RunAsync(["share", "--server", server.Url + "/api/v1"], "x"u8.ToArray());
        var open = await Cli.RunAsync("open", shared.LinkWithKey.Replace("/s/", "/tools/s/", StringComparison.Ordinal));

        Assert.All([share, open], result =>
        {
            Assert.Equal(6, result.ExitCode);
            Assert.Contains("no OneTime API at this address", result.Stderr, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Https_to_a_plain_http_server_exits_6_and_says_why_without_pointing_at_an_inner_exception()
    {
        var result = await Cli.RunAsync(["share", "--server", server.Url.Replace("http://", "https://", StringComparison.Ordinal)], "x"u8.ToArray());

        Assert.Equal(6, result.ExitCode);
        Assert.Contains("SSL connection could not be established: ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("inner exception", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_server_listening_exits_6()
    {
        var result = await Cli.RunAsync(["share", "--server", ClosedPortUrl()], "x"u8.ToArray());

        Assert.Equal(6, result.ExitCode);
        Assert.Contains("Cannot reach", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(503, "application/problem+json", """{"title":"OneTime cannot reach its storage.","status":503,"code":"store_unavailable"}""", "cannot reach its storage")]
    [InlineData(429, "application/problem+json", """{"title":"Too many requests.","status":429,"code":"rate_limited"}""", "Too many requests")]
    [InlineData(500, "text/html", "<h1>Internal Server Error</h1>", "is this a OneTime server")]
    [InlineData(404, "text/html", "<h1>Not Found</h1>", "is this a OneTime server")]
    [InlineData(200, "application/json", "{\"unexpected\":", "not what a OneTime server sends")]
    [InlineData(302, "text/plain", "", "redirects")]
    public async Task A_server_error_or_a_server_that_is_not_OneTime_exits_6(int status, string contentType, string body, string message)
    {
        await using var stub = new StubServer(status, contentType, body);

        var result = await Cli.RunAsync("open", $"{stub.Url}/s/Qm9vb29vb29vb29vb29vbw#{ValidButWrongKey}");

        Assert.Equal(6, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(429, "rate_limited", "Please wait 42 seconds and try again.", "Please wait 42 seconds and try again.")]
    [InlineData(503, "store_unavailable", "Please try again in a moment.", "Please try again in a moment. Try again in 42 seconds.")]
    public async Task The_wait_from_Retry_After_is_said_once(int status, string code, string detail, string expected)
    {
        await using var stub = new StubServer(
            status, "application/problem+json", $$"""{"title":"Stubbed.","detail":"{{detail}}","status":{{status}},"code":"{{code}}"}""", "Retry-After: 42\r\n");

        var result = await Cli.RunAsync("open", $"{stub.Url}/s/Qm9vb29vb29vb29vb29vbw#{ValidButWrongKey}");

        Assert.Equal(6, result.ExitCode);
        Assert.Equal($"onetime: Stubbed. {expected}", result.Stderr.Trim());
    }

    private static string Fragment(string text, string expected) => text.Contains(expected, StringComparison.Ordinal) ? expected : text;

    private static string ClosedPortUrl()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }
}
