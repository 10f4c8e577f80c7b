using System.Net.Http.Json;
using System.Text;
using OneTime.Core;

namespace OneTime.Cli.Tests;

/// <summary>What goes into <c>onetime share</c> comes out of <c>onetime open</c> byte for byte.</summary>
public sealed class RoundTripTests(OneTimeServer server) : IClassFixture<OneTimeServer>
{
    public static TheoryData<string, string> Texts => new()
    {
        { "control characters, NUL and a BOM", "\uFEFFcolumn\tvalue\0\u0001\u001b[31mred\u001b[0m\u007f\f\v\b end" },
        { "empty lines at the end", "password: hunter2\n\n\n" },
        { "CRLF line ends", "line one\r\nline two\r\n\r\n" },
        { "a lone CR and no final newline", "carriage\rreturn" },
        { "emoji, joined and flagged", "🔑 key 👩🏽‍💻 dev 🏳️‍🌈 flag 🇩🇪 ✔️" },
        { "right-to-left text with marks", "שלום עולם\nمرحبا بالعالم\u200F\n\u202Bembedded\u202C" },
        { "JSON and Markdown syntax", "{\"text\": \"not the payload\", \"format\": \"html\"}\n# Title\n\\u0000 <script>alert(1)</script>" },
        { "spaces and tabs around the text", "  \t indented\t \n\t\n" },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public async Task Shared_text_opens_byte_for_byte(string what, string text)
    {
        var content = Encoding.UTF8.GetBytes(text);

        var shared = await Cli.ShareAsync(server, content);
        var opened = await Cli.RunAsync("open", shared.LinkWithKey);

        Assert.True(opened.ExitCode == 0, $"{what}: {opened}");
        Assert.Equal(content, opened.Stdout);
        Assert.DoesNotContain(shared.LoginKey, opened.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_file_argument_is_shared_as_is_and_the_key_can_come_from_the_option()
    {
        var file = Path.GetTempFileName();
        var content = Encoding.UTF8.GetBytes("db_password=s3cr3t\r\nemoji=🙂\n");
        await File.WriteAllBytesAsync(file, content, TestContext.Current.CancellationToken);

        var share = await Cli.RunAsync(["share", file, "--server", server.Url, "--json", "--ttl", "7d", "--logins", "2", "--label", "db"]);
        var shared = SharedByCli.From(share.Json);
        var opened = await Cli.RunAsync("open", shared.Url, "--key", shared.LoginKey.ToLowerInvariant().Replace('-', ' '));

        File.Delete(file);
        Assert.Equal(0, opened.ExitCode);
        Assert.Equal(content, opened.Stdout);
        Assert.Equal(2, shared.MaxLogins);
        Assert.Equal(server.Time.GetUtcNow().AddDays(7), shared.ExpiresAt, TimeSpan.FromSeconds(1));
        Assert.Contains("1 login left", opened.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_at_the_size_limit_round_trips_and_one_byte_more_is_refused()
    {
        using var http = server.CreateHttpClient();
        var settings = await http.GetFromJsonAsync("/api/v1/settings", CoreJsonContext.Default.SettingsResponse, TestContext.Current.CancellationToken);
        // Ciphertext = nonce + payload JSON + tag; plain letters need no escaping in the JSON.
        var jsonOverhead = new SecretPayload("").ToJsonLength();
        var fits = settings!.MaxCiphertextBytes - Envelope.NonceSize - Envelope.TagSize - jsonOverhead;
        var content = Encoding.ASCII.GetBytes(new string('x', fits));

        var shared = await Cli.ShareAsync(server, content);
        var opened = await Cli.RunAsync("open", shared.LinkWithKey);
        var tooLarge = await Cli.RunAsync(["share", "--server", server.Url], [.. content, (byte)'x']);

        Assert.Equal(0, opened.ExitCode);
        Assert.Equal(content, opened.Stdout);
        Assert.Equal(2, tooLarge.ExitCode);
        Assert.Contains("too large", tooLarge.Stderr, StringComparison.Ordinal);
        Assert.Empty(tooLarge.Stdout);
    }

    [Fact]
    public async Task A_file_far_over_the_limit_is_refused_as_too_large_not_as_a_broken_connection()
    {
        // Far past the request size the server reads at all: without asking first, the CLI was
        // cut off mid-upload and reported "Cannot reach" the server.
        var huge = Encoding.ASCII.GetBytes(new string('x', 10 * 1024 * 1024));

        var tooLarge = await Cli.RunAsync(["share", "--server", server.Url], huge);

        Assert.Equal(2, tooLarge.ExitCode);
        Assert.Contains("too large", tooLarge.Stderr, StringComparison.Ordinal);
        Assert.Empty(tooLarge.Stdout);
    }

    [Fact]
    public async Task A_file_larger_than_any_server_accepts_is_refused_without_reading_it_whole()
    {
        // 4 GiB, sparse: reading it all would take the memory of several copies before any answer.
        var path = Path.Combine(Path.GetTempPath(), $"onetime-huge-{Guid.NewGuid():N}.txt");
        await using (var file = File.Create(path))
        {
            file.SetLength(4L * 1024 * 1024 * 1024);
        }

        try
        {
            var refused = await Cli.RunAsync("share", "--server", server.Url, path);

            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("more than any OneTime server accepts", refused.Stderr, StringComparison.Ordinal);
            Assert.Empty(refused.Stdout);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Human_output_names_the_url_the_key_the_status_link_the_expiry_and_the_advice()
    {
        var result = await Cli.RunAsync(["share", "--server", server.Url + "/", "--logins", "3"], "hello"u8.ToArray());

        var lines = result.StdoutText.Split('\n');
        Assert.Equal(0, result.ExitCode);
        Assert.Matches($"^URL +{server.Url}/s/[A-Za-z0-9_-]{{22}}$", lines[0]);
        Assert.Matches("^Login key +([0-9A-Z]{5}-){4}[0-9A-Z]{5}$", lines[1]);
        Assert.Matches($@"^Expires +{OneTimeServer.Shown(server.Time.GetUtcNow().AddHours(1))} \(in .+\), or after 3 logins$", lines[2]);
        Assert.Matches($"^Status +{server.Url}/m/[A-Za-z0-9_-]{{22}}#[A-Za-z0-9_-]{{43}}$", lines[3]);
        Assert.Contains("through different channels", result.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_has_exactly_the_documented_fields()
    {
        var result = await Cli.RunAsync(["share", "--server", server.Url, "--json"], "hello"u8.ToArray());

        var names = result.Json.EnumerateObject().Select(p => p.Name).ToArray();
        var shared = SharedByCli.From(result.Json);
        Assert.Equal(["id", "url", "loginKey", "linkWithKey", "statusUrl", "expiresAt", "maxLogins"], names);
        Assert.Equal($"{server.Url}/s/{shared.Id}", shared.Url);
        Assert.Equal($"{shared.Url}#{shared.LoginKey}", shared.LinkWithKey);
        Assert.StartsWith($"{server.Url}/m/{shared.Id}#", shared.StatusUrl, StringComparison.Ordinal);
        Assert.True(LoginKey.TryParse(shared.LoginKey, out _));
        Assert.Equal(1, shared.MaxLogins);
    }
}

internal static class PayloadLength
{
    public static int ToJsonLength(this SecretPayload payload) =>
        System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(payload, CoreJsonContext.Default.SecretPayload).Length;
}
