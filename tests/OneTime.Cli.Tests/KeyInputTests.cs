using System.Diagnostics;
using System.Text;

namespace OneTime.Cli.Tests;

/// <summary>Where <c>open</c> takes the key from: --key, the link's fragment, standard input, or a hidden prompt.</summary>
public sealed class KeyInputTests(OneTimeServer server) : IClassFixture<OneTimeServer>
{
    [Fact]
    public async Task Without_key_or_fragment_the_key_is_read_as_a_line_from_stdin()
    {
        var shared = await Cli.ShareAsync(server, "from stdin"u8.ToArray());

        var result = await Cli.RunAsync(["open", shared.Url], Encoding.ASCII.GetBytes(shared.LoginKey + "\nignored second line\n"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("from stdin", result.StdoutText);
        Assert.DoesNotContain("Login key:", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_on_stdin_is_normalised_like_a_typed_one()
    {
        var shared = await Cli.ShareAsync(server, "forgiving"u8.ToArray());
        var damaged = " " + shared.LoginKey.ToLowerInvariant().Replace("-", " \u00A0", StringComparison.Ordinal).Replace('0', 'o').Replace('1', 'l') + " \r\n";

        var result = await Cli.RunAsync(["open", shared.Url], Encoding.UTF8.GetBytes(damaged));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("forgiving", result.StdoutText);
    }

    [Fact]
    public async Task Links_and_keys_copied_from_chat_with_brackets_quotes_or_a_full_stop_still_work()
    {
        var shared = await Cli.ShareAsync(server, "pasted"u8.ToArray(), "--logins", "3");

        var angled = await Cli.RunAsync("open", $"<{shared.LinkWithKey}>");
        var sentence = await Cli.RunAsync("open", $"({shared.Url}).", "--key", $"`{shared.LoginKey}`.");
        var status = await Cli.RunAsync("status", $"\u201C{shared.StatusUrl}\u201D,");

        Assert.Equal((0, "pasted"), (angled.ExitCode, angled.StdoutText));
        Assert.Equal((0, "pasted"), (sentence.ExitCode, sentence.StdoutText));
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("1 of 3", status.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_or_malformed_stdin_exits_2_and_uses_nothing()
    {
        var shared = await Cli.ShareAsync(server, "untouched"u8.ToArray());

        var empty = await Cli.RunAsync(["open", shared.Url], []);
        var garbage = await Cli.RunAsync(["open", shared.Url], "hunter2\n"u8.ToArray());
        var status = await server.ManageAsync(shared.StatusUrl);

        Assert.Equal(2, empty.ExitCode);
        Assert.Contains("No Login key came from standard input", empty.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, garbage.ExitCode);
        Assert.DoesNotContain("hunter2", garbage.Stderr, StringComparison.Ordinal);
        Assert.Empty(status.AccessLog);
    }

    [Fact]
    public async Task The_option_wins_over_the_fragment_and_the_fragment_over_stdin()
    {
        var shared = await Cli.ShareAsync(server, "precedence"u8.ToArray(), "--logins", "2");
        var wrongKeyInLink = $"{shared.Url}#7KD2M-QX4PA-9TRZ3-W8HJN-C5VEB";

        var optionWins = await Cli.RunAsync("open", wrongKeyInLink, "--key", shared.LoginKey);
        var fragmentWins = await Cli.RunAsync(["open", shared.LinkWithKey], "7KD2M-QX4PA-9TRZ3-W8HJN-C5VEB\n"u8.ToArray());

        Assert.Equal(0, optionWins.ExitCode);
        Assert.Equal(0, fragmentWins.ExitCode);
        Assert.Equal("precedence", fragmentWins.StdoutText);
    }

    /// <summary>
    /// A real terminal, through util-linux <c>script</c>: the prompt appears on it, the typed key is
    /// not echoed, and the content still arrives. The key is sent only after the prompt is shown,
    /// because a terminal echoes whatever arrives before the CLI switches echo off.
    /// </summary>
    [Fact]
    public async Task On_a_terminal_the_prompt_does_not_echo_the_key()
    {
        Assert.SkipUnless(File.Exists("/usr/bin/script"), "util-linux script is needed for a pseudo-terminal.");
        var shared = await Cli.ShareAsync(server, "typed in the dark"u8.ToArray());
        var command = $"{Quote(Cli.HostPath)} {Quote(Cli.DllPath)} open {Quote(shared.Url)} > {Quote(Path.Combine(Path.GetTempPath(), shared.Id))}";
        var start = new ProcessStartInfo("/usr/bin/script", ["--quiet", "--return", "--command", command, "/dev/null"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("ONETIME_SERVER");

        using var process = Process.Start(start)!;
        var screen = new StringBuilder();
        var reading = ReadScreenAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while (!Screen().Contains("Login key:", StringComparison.Ordinal))
        {
            await Task.Delay(50, timeout.Token);
        }

        // Echo goes off when the CLI starts reading, a moment after the prompt appears.
        await Task.Delay(1000, timeout.Token);
        await process.StandardInput.WriteAsync(shared.LoginKey + "\r");
        await process.StandardInput.FlushAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        await reading;
        var output = Path.Combine(Path.GetTempPath(), shared.Id);
        var content = await File.ReadAllTextAsync(output, timeout.Token);
        File.Delete(output);

        Assert.Equal(0, process.ExitCode);
        Assert.Equal("typed in the dark", content);
        Assert.DoesNotContain(shared.LoginKey, Screen(), StringComparison.Ordinal);
        Assert.DoesNotContain(shared.LoginKey[..5], Screen(), StringComparison.Ordinal);

        async Task ReadScreenAsync()
        {
            var buffer = new char[256];
            int read;
            while ((read = await process.StandardOutput.ReadAsync(buffer, TestContext.Current.CancellationToken)) > 0)
            {
                lock (screen)
                {
                    screen.Append(buffer, 0, read);
                }
            }
        }

        string Screen()
        {
            lock (screen)
            {
                return screen.ToString();
            }
        }
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
