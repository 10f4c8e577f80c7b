using System.Text;
using static Microsoft.Playwright.Assertions;

namespace OneTime.Cli.Tests.Browser;

/// <summary>
/// The CLI and the browser implement the same envelope: a secret shared by one opens in the other,
/// both ways, with the text unchanged.
/// </summary>
public sealed class BrowserInteropTests(OneTimeServer server, Chromium chromium) : IClassFixture<OneTimeServer>, IClassFixture<Chromium>
{
    // CRLF, emoji, right-to-left text, Markdown and empty lines at the end: what could change on the way.
    private const string Text = "# Deploy keys 🔑\r\n\r\nשלום — مرحبا\r\n\r\n- user: `svc_deploy`\r\n- token: Zx9_Q-w3\r\n\r\n\r\n";

    [Fact]
    public async Task A_secret_shared_by_the_cli_opens_in_the_page_with_the_key_in_the_link()
    {
        var shared = await Cli.ShareAsync(server, Encoding.UTF8.GetBytes(Text));
        var pages = new SecretPages(await chromium.NewPageAsync(server.Url));

        var copied = await pages.OpenAsync(shared.LinkWithKey);

        Assert.Equal(Text, copied);
        await Expect(pages.RenderedContent.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = "Deploy keys 🔑" })).ToBeVisibleAsync();
        await pages.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_secret_shared_by_the_cli_opens_in_the_page_with_the_key_typed_in()
    {
        var shared = await Cli.ShareAsync(server, "typed by hand ✍️"u8.ToArray());
        var pages = new SecretPages(await chromium.NewPageAsync(server.Url));

        var copied = await pages.OpenAsync(shared.Url, shared.LoginKey.ToLowerInvariant());

        Assert.Equal("typed by hand ✍️", copied);
        await pages.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_secret_shared_in_the_page_opens_with_the_cli()
    {
        var pages = new SecretPages(await chromium.NewPageAsync(server.Url));
        // A textarea turns every line break into LF (HTML's value normalisation), so that is what the page shares.
        var typed = Text.Replace("\r\n", "\n", StringComparison.Ordinal);

        var (url, key) = await pages.ShareAsync(server.Url, typed);
        var opened = await Cli.RunAsync("open", url, "--key", key);

        Assert.True(opened.ExitCode == 0, opened.ToString());
        Assert.Equal(Encoding.UTF8.GetBytes(typed), opened.Stdout);
        await pages.Page.Context.CloseAsync();
    }
}
