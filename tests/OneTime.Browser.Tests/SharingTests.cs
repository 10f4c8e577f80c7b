using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OneTime.Browser.Tests;

/// <summary>A sender shares through "/", a recipient in another browser context opens "/s/{id}".</summary>
public sealed class SharingTests(HttpServerFixture server) : BrowserTest(server)
{
    private const string MarkdownSecret = "# Staging database\n\n- host: db.internal\n- user: **deploy**\n\npassword: `p@ss w0rd!`";

    [Fact]
    public async Task Shared_markdown_opens_in_a_fresh_context_and_copy_gives_the_raw_text()
    {
        var sender = await NewPageAsync();
        await sender.GotoShareAsync();
        await Expect(sender.TimeToLive("1 hour")).ToBeCheckedAsync();
        await Expect(sender.LoginCount("1")).ToBeCheckedAsync();
        await ShotAsync(sender, "01-share-form-empty");
        await sender.Content.FillAsync(MarkdownSecret);
        await ShotAsync(sender, "02-share-form-filled");
        await sender.PreviewTab.ClickAsync();
        await Expect(sender.Preview.Locator("h1")).ToHaveTextAsync("Staging database");
        await ShotAsync(sender, "03-share-preview");
        await sender.Page.GetByRole(AriaRole.Tab, new() { Name = "Write" }).ClickAsync();

        await sender.ShareButton.ClickAsync();
        var secret = await sender.ReadResultAsync();
        await ShotAsync(sender, "04-share-result");

        Assert.StartsWith(BaseUrl + "/s/", secret.Url, StringComparison.Ordinal);
        Assert.Matches("^[A-Za-z0-9_-]{22}$", secret.Id);
        Assert.Matches(SecretPages.FormattedKey(), secret.Key);
        Assert.Equal(secret.Url + "#" + secret.Key, secret.LinkWithKey);
        await Expect(sender.Page.Locator("#result-logins")).ToHaveTextAsync("1");
        await Expect(sender.Page.GetByText("Send the URL and the Login key through different channels.")).ToBeVisibleAsync();

        // Copy buttons: the URL, the key, and the one-message text with both and the limits.
        await sender.CopyUrl.ClickAsync();
        Assert.Equal(secret.Url, await sender.ReadClipboardAsync());
        await Expect(sender.CopyUrl).ToHaveTextAsync("Copied");
        await Expect(sender.CopyLive).ToHaveTextAsync("Copied to the clipboard.");
        await sender.CopyKey.ClickAsync();
        Assert.Equal(secret.Key, await sender.ReadClipboardAsync());
        await sender.CopyAsOneMessage.ClickAsync();
        var message = await sender.ReadClipboardAsync();
        Assert.Contains(secret.Url, message, StringComparison.Ordinal);
        Assert.Contains(secret.Key, message, StringComparison.Ordinal);
        Assert.Contains("once", message, StringComparison.Ordinal);

        var recipient = await NewPageAsync();
        await recipient.GotoSecretAsync(secret.Url);
        await Expect(recipient.Page.Locator("#entry-facts")).ToContainTextAsync("1 login left");
        await ShotAsync(recipient, "05-open-key-entry");
        await recipient.EnterKeyAndOpenAsync("  " + secret.Key.ToLowerInvariant() + "  ");

        await Expect(recipient.SecretContent.Locator("h1")).ToHaveTextAsync("Staging database");
        await Expect(recipient.SecretContent.Locator("li")).ToHaveCountAsync(2);
        await Expect(recipient.SecretContent.Locator("strong")).ToHaveTextAsync("deploy");
        await Expect(recipient.SecretContent.Locator("code")).ToHaveTextAsync("p@ss w0rd!");
        await Expect(recipient.Remaining).ToContainTextAsync("last login");
        await ShotAsync(recipient, "06-open-content");

        await recipient.CopyContent.ClickAsync();
        Assert.Equal(MarkdownSecret, await recipient.ReadClipboardAsync());
        await Expect(recipient.CopyContent).ToHaveTextAsync("Copied");
        Assert.Empty(ConsoleErrors);
    }

    [Fact]
    public async Task Second_open_of_a_one_login_secret_shows_the_used_up_page()
    {
        var sender = await NewPageAsync();
        await sender.GotoShareAsync();
        var secret = await sender.ShareAsync("only once");

        var first = await NewPageAsync();
        await first.GotoSecretAsync(secret.Url);
        await first.EnterKeyAndOpenAsync(secret.Key);
        await Expect(first.SecretContent).ToHaveTextAsync("only once");

        var second = await NewPageAsync();
        await second.Page.GotoAsync(secret.Url);
        await Expect(second.View("used_up")).ToBeVisibleAsync();
        await Expect(second.View("used_up").Locator("h1")).ToHaveTextAsync("This secure data was already opened");
        await Expect(second.KeyField).ToBeHiddenAsync();
        await ShotAsync(second, "07-used-up");
    }

    [Fact]
    public async Task Several_logins_count_down_and_say_what_is_left()
    {
        var sender = await NewPageAsync();
        await sender.GotoShareAsync();
        var secret = await sender.ShareAsync("twice", ttl: "1 day", logins: "2");
        await Expect(sender.Page.Locator("#result-logins")).ToHaveTextAsync("2");

        var first = await NewPageAsync();
        await first.GotoSecretAsync(secret.Url);
        await Expect(first.Page.Locator("#entry-facts")).ToContainTextAsync("2 logins left");
        await first.EnterKeyAndOpenAsync(secret.Key);
        await Expect(first.Remaining).ToContainTextAsync("1 more time");
        await Expect(first.DeleteNow).ToBeVisibleAsync();

        var second = await NewPageAsync();
        await second.GotoSecretAsync(secret.Url);
        await second.EnterKeyAndOpenAsync(secret.Key);
        await Expect(second.Remaining).ToContainTextAsync("last login");
        await Expect(second.DeleteNow).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Recipient_deletes_a_secret_with_logins_left_and_the_next_visitor_is_told()
    {
        var sender = await NewPageAsync();
        await sender.GotoShareAsync();
        var secret = await sender.ShareAsync("read it and delete it", logins: "3");

        var first = await NewPageAsync();
        await first.GotoSecretAsync(secret.Url);
        await first.EnterKeyAndOpenAsync(secret.Key);
        await Expect(first.Remaining).ToContainTextAsync("2 more times");
        await ShotAsync(first, "16-open-content-logins-left");
        await first.DeleteNow.ClickAsync();
        await Expect(first.Remaining).ToContainTextAsync("Deleted. Nobody can open it any more");
        await Expect(first.DeleteNow).ToBeHiddenAsync();
        await Expect(first.SecretContent).ToHaveTextAsync("read it and delete it");

        var next = await NewPageAsync();
        await next.Page.GotoAsync(secret.Url);
        await Expect(next.View("burned")).ToBeVisibleAsync();
        await Expect(next.View("burned").Locator("h1")).ToHaveTextAsync("This secure data was deleted");
        await ShotAsync(next, "26-burned");
    }

    [Fact]
    public async Task Markdown_with_scripts_handlers_and_remote_images_renders_inert()
    {
        const string payload =
            "# Inert\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n<img src=x onerror=alert(1)>\n\n" +
            "![t](https://evil.example/t.png)\n\n<a href=\"javascript:alert(2)\" onclick=\"alert(3)\">y</a>\n\n" +
            "[ok](https://example.com/docs) and ![dot](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==)";

        var sender = await NewPageAsync();
        var recipient = await NewPageAsync();
        var dialogs = new List<string>();
        var hosts = new HashSet<string>();
        foreach (var page in new[] { sender.Page, recipient.Page })
        {
            page.Dialog += (_, dialog) =>
            {
                dialogs.Add(dialog.Message);
                _ = dialog.DismissAsync();
            };
            page.Request += (_, request) => hosts.Add(new Uri(request.Url).Host);
        }

        await sender.GotoShareAsync();
        await sender.Content.FillAsync(payload);
        await sender.PreviewTab.ClickAsync();
        await Expect(sender.Preview.Locator("h1")).ToHaveTextAsync("Inert");
        Assert.Empty(await sender.FindActiveMarkupAsync(sender.Preview));
        await sender.ShareButton.ClickAsync();
        var secret = await sender.ReadResultAsync();

        await recipient.GotoSecretAsync(secret.Url);
        await recipient.EnterKeyAndOpenAsync(secret.Key);
        var content = recipient.SecretContent;
        await Expect(content.Locator("h1")).ToHaveTextAsync("Inert");
        await ShotAsync(recipient, "08-open-xss-inert");

        // Raw HTML is shown as text, never parsed into elements.
        await Expect(content).ToContainTextAsync("<script>alert(1)</script>");
        Assert.Empty(await recipient.FindActiveMarkupAsync(content));
        await Expect(content.Locator("script")).ToHaveCountAsync(0);
        // The remote image is replaced by a note; only the inline data image is an <img>.
        await Expect(content.Locator("img")).ToHaveCountAsync(1);
        Assert.StartsWith("data:image/png", await content.Locator("img").GetAttributeAsync("src"), StringComparison.Ordinal);
        await Expect(content.Locator(".blocked-image")).ToContainTextAsync("image removed: t");
        var link = content.GetByRole(AriaRole.Link, new() { Name = "ok" });
        await Expect(link).ToHaveAttributeAsync("target", "_blank");
        await Expect(link).ToHaveAttributeAsync("rel", "noopener noreferrer");

        await recipient.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Empty(dialogs);
        Assert.Equal(["127.0.0.1"], hosts.Order());
        Assert.Empty(ConsoleErrors);
    }

    [Fact]
    public async Task Link_with_key_fills_the_key_in_and_leaves_the_address_bar()
    {
        var sender = await NewPageAsync();
        await sender.GotoShareAsync();
        var secret = await sender.ShareAsync("from the link");
        await sender.LinkWithKeyDisclosure.ClickAsync();
        await Expect(sender.ResultLinkWithKey).ToBeVisibleAsync();
        await ShotAsync(sender, "09-share-result-link-with-key");

        var recipient = await NewPageAsync();
        await recipient.GotoSecretAsync(secret.LinkWithKey);
        await Expect(recipient.KeyField).ToHaveValueAsync(secret.Key);
        Assert.DoesNotContain("#", recipient.Page.Url, StringComparison.Ordinal);
        Assert.Equal(secret.Url, recipient.Page.Url);
        await ShotAsync(recipient, "10-open-key-from-link");

        await recipient.OpenButton.ClickAsync();
        await Expect(recipient.SecretContent).ToHaveTextAsync("from the link");
    }

    [Fact]
    public async Task Links_and_keys_copied_from_chat_with_punctuation_after_them_still_open()
    {
        var sender = await NewPageAsync();
        await sender.GotoShareAsync();
        var secret = await sender.ShareAsync("pasted from chat", logins: "2");

        // "…/S/ID." at the end of a sentence (the path capitalised by hand or by a phone), and the
        // key typed in as Markdown code.
        var first = await NewPageAsync();
        await first.GotoSecretAsync(secret.Url.Replace("/s/", "/S/", StringComparison.Ordinal) + ".");
        await first.EnterKeyAndOpenAsync($"`{secret.Key}`.");
        await Expect(first.SecretContent).ToHaveTextAsync("pasted from chat");

        // "(…/s/ID#KEY)." with the key in the link.
        var second = await NewPageAsync();
        await second.GotoSecretAsync(secret.LinkWithKey + ").");
        await second.OpenButton.ClickAsync();
        await Expect(second.SecretContent).ToHaveTextAsync("pasted from chat");

        await sender.GotoStatusAsync(secret.StatusUrl + ">");
        await Expect(sender.StateBadge).ToHaveTextAsync("Used up");
    }

    [Fact]
    public async Task Wrong_key_is_refused_without_using_a_login_and_a_malformed_key_sends_nothing()
    {
        var sender = await NewPageAsync();
        await sender.GotoShareAsync();
        var secret = await sender.ShareAsync("still here");

        var recipient = await NewPageAsync();
        var opens = new List<string>();
        recipient.Page.Request += (_, request) =>
        {
            if (request.Url.EndsWith("/open", StringComparison.Ordinal))
            {
                opens.Add(request.Method);
            }
        };
        await recipient.GotoSecretAsync(secret.Url);

        var wrongKey = secret.Key.StartsWith('0') ? "11111-11111-11111-11111-11111" : "00000-00000-00000-00000-00000";
        await recipient.EnterKeyAndOpenAsync(wrongKey);
        await Expect(recipient.KeyError).ToContainTextAsync("does not open this secret");
        await Expect(recipient.KeyError).ToContainTextAsync("extra spaces");
        await Expect(recipient.KeyField).ToHaveValueAsync(wrongKey);
        await Expect(recipient.KeyField).ToHaveAttributeAsync("aria-invalid", "true");
        await ShotAsync(recipient, "11-open-wrong-key");
        Assert.Equal(["POST"], opens);

        await recipient.EnterKeyAndOpenAsync(secret.Key + "X");
        await Expect(recipient.KeyError).ToContainTextAsync("This is not a valid Login key");
        await recipient.EnterKeyAndOpenAsync("not a key");
        await Expect(recipient.KeyError).ToContainTextAsync("This is not a valid Login key");
        await ShotAsync(recipient, "12-open-invalid-key");
        Assert.Equal(["POST"], opens);

        await recipient.EnterKeyAndOpenAsync(secret.Key);
        await Expect(recipient.SecretContent).ToHaveTextAsync("still here");
        Assert.Equal(["POST", "POST"], opens);
    }

    [Fact]
    public async Task Card_number_is_caught_before_anything_is_sent()
    {
        var sender = await NewPageAsync();
        var creates = 0;
        sender.Page.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url.EndsWith("/api/v1/secrets", StringComparison.Ordinal))
            {
                creates++;
            }
        };
        await sender.GotoShareAsync();

        // 16 digits that fail the Luhn check are not a card number: shared at once.
        await sender.Content.FillAsync("Order 4111 1111 1111 1112");
        await sender.ShareButton.ClickAsync();
        await sender.ReadResultAsync();
        await Expect(sender.CardWarning).ToBeHiddenAsync();
        Assert.Equal(1, creates);
        await sender.ShareAnother.ClickAsync();

        await sender.Content.FillAsync("Card: 4111 1111 1111 1111, exp 12/29");
        await sender.ShareButton.ClickAsync();
        await Expect(sender.CardWarning).ToBeVisibleAsync();
        await Expect(sender.CardWarning).ToContainTextAsync("Card data must never be shared this way");
        await Expect(sender.CardWarning).ToContainTextAsync("ending in 1111");
        await ShotAsync(sender, "13-share-card-warning");
        await sender.ShareButton.ClickAsync();
        await Expect(sender.CardWarning).ToBeVisibleAsync();
        await Expect(sender.ResultView).ToBeHiddenAsync();
        Assert.Equal(1, creates);

        await sender.CardConfirm.ClickAsync();
        await sender.ReadResultAsync();
        Assert.Equal(2, creates);
    }

    [Fact]
    public async Task Emoji_right_to_left_text_and_a_large_secret_round_trip()
    {
        var text = new StringBuilder("# Grüße 🔑🎉\n\nשלום עולם, זה סוד\n\nمرحبا بالعالم 👋🏽\n\n```\n");
        for (var i = 0; text.Length < 200_000; i++)
        {
            text.Append(i).Append(": 👩‍💻 token_").Append(Convert.ToHexString(BitConverter.GetBytes(i * 2654435761L))).Append(" שלום\n");
        }

        text.Append("```\n");
        var secretText = text.ToString();

        var sender = await NewPageAsync();
        await sender.GotoShareAsync();
        await sender.PasteContentAsync(secretText);
        await Expect(sender.SizeText).ToContainTextAsync("of 1 MB");
        await Expect(sender.ContentError).ToBeHiddenAsync();
        var secret = await ShareFilledAsync(sender);

        var recipient = await NewPageAsync();
        await recipient.GotoSecretAsync(secret.Url);
        await recipient.EnterKeyAndOpenAsync(secret.Key);
        await Expect(recipient.SecretContent.Locator("h1")).ToHaveTextAsync("Grüße 🔑🎉");
        await ShotAsync(recipient, "14-open-emoji-rtl-large");
        Assert.Equal(secretText, await recipient.RawContent.InputValueAsync());
        var hebrew = recipient.SecretContent.Locator("p").First;
        await Expect(hebrew).ToHaveTextAsync("שלום עולם, זה סוד");
        Assert.Equal("rtl", await hebrew.EvaluateAsync<string>("p => getComputedStyle(p).direction"));

        await recipient.CopyContent.ClickAsync();
        Assert.Equal(secretText, await recipient.ReadClipboardAsync());
    }

    [Fact]
    public async Task Content_over_the_limit_is_refused_in_the_browser()
    {
        var sender = await NewPageAsync();
        var creates = 0;
        sender.Page.Request += (_, request) => creates += request.Method == "POST" ? 1 : 0;
        await sender.GotoShareAsync();
        await sender.PasteContentAsync(string.Concat(Enumerable.Repeat(new string('x', 99) + "\n", 10_600)));
        await Expect(sender.ContentError).ToContainTextAsync("too large");
        await sender.ShareButton.ClickAsync();
        await Expect(sender.ResultView).ToBeHiddenAsync();
        await ShotAsync(sender, "15-share-too-large");
        Assert.Equal(0, creates);

        await sender.Content.FillAsync("");
        await sender.ShareButton.ClickAsync();
        await Expect(sender.ContentError).ToHaveTextAsync("Enter the secure data you want to share.");
        Assert.Equal(0, creates);
    }

    private static async Task<SharedSecret> ShareFilledAsync(SecretPages sender)
    {
        await sender.ShareButton.ClickAsync();
        return await sender.ReadResultAsync();
    }
}
