using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OneTime.Browser.Tests;

/// <summary>The pages a recipient or sender sees when something is not as it should be.</summary>
public sealed class PageStateTests(HttpServerFixture server) : BrowserTest(server)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/s/AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("/m/AAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Pages_answer_get_and_head_uncached_with_every_placeholder_filled(string path)
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        using var get = await http.GetAsync(path, Cancel);
        var html = await get.Content.ReadAsStringAsync(Cancel);
        Assert.Equal(System.Net.HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("text/html", get.Content.Headers.ContentType?.MediaType);
        Assert.True(get.Headers.CacheControl?.NoStore, "Cache-Control: no-store");
        Assert.DoesNotContain("{{", html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\"", html, StringComparison.Ordinal);
        Assert.Contains("<noscript>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);

        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, path), Cancel);
        Assert.Equal(System.Net.HttpStatusCode.OK, head.StatusCode);
        Assert.True(head.Headers.CacheControl?.NoStore, "Cache-Control: no-store on HEAD");
        Assert.Empty(await head.Content.ReadAsByteArrayAsync(Cancel));
    }

    [Fact]
    public async Task Unknown_id_shows_the_not_found_page()
    {
        var pages = await NewPageAsync();
        await pages.Page.GotoAsync(BaseUrl + "/s/AAAAAAAAAAAAAAAAAAAAAA#7KD2M-QX4PA-9TRZ3-W8HJN-C5VEB");
        await Expect(pages.View("not_found")).ToBeVisibleAsync();
        await Expect(pages.View("not_found").Locator("h1")).ToHaveTextAsync("This link does not exist");
        Assert.Equal(BaseUrl + "/s/AAAAAAAAAAAAAAAAAAAAAA", pages.Page.Url);
        await ShotAsync(pages, "20-not-found");

        await pages.Page.GotoAsync(BaseUrl + "/s/not-an-id");
        await Expect(pages.View("not_found")).ToBeVisibleAsync();
        Assert.DoesNotContain(ConsoleErrors, e => !e.Contains("404", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_malformed_escape_in_the_id_shows_the_invalid_link_view_not_a_spinner()
    {
        // decodeURIComponent('%E0') throws; the pages must still get to say the link is wrong.
        var pages = await NewPageAsync();
        await pages.Page.GotoAsync(BaseUrl + "/s/%E0#7KD2M-QX4PA-9TRZ3-W8HJN-C5VEB");
        await Expect(pages.View("not_found")).ToBeVisibleAsync();
        await Expect(pages.View("loading")).ToBeHiddenAsync();
        Assert.Equal(BaseUrl + "/s/%E0", pages.Page.Url);

        // The status page keeps its manage token in the fragment on purpose (it is bookmarked).
        await pages.Page.GotoAsync(BaseUrl + "/m/%E0#" + new string('A', 43));
        await Expect(pages.View("invalid")).ToBeVisibleAsync();
        await Expect(pages.View("loading")).ToBeHiddenAsync();
        Assert.Empty(ConsoleErrors);
    }

    [Fact]
    public async Task Plain_http_origin_explains_that_https_is_needed()
    {
        var insecure = $"http://insecure.test:{Server.Port}";
        var pages = await NewPageAsync(origin: insecure);
        await pages.Page.GotoAsync(insecure + "/");
        Assert.False(await pages.Page.EvaluateAsync<bool>("() => window.isSecureContext"));
        await Expect(pages.View("unsupported")).ToBeVisibleAsync();
        await Expect(pages.View("unsupported")).ToContainTextAsync("HTTPS");
        await Expect(pages.View("form")).ToBeHiddenAsync();
        await ShotAsync(pages, "21-no-webcrypto-share");

        await pages.Page.GotoAsync(insecure + "/s/AAAAAAAAAAAAAAAAAAAAAA#ABCDE-FGHJK-MNPQR-STVWX-YZ123");
        await Expect(pages.View("unsupported")).ToBeVisibleAsync();
        await Expect(pages.KeyField).ToBeHiddenAsync();
        Assert.DoesNotContain("#", pages.Page.Url, StringComparison.Ordinal);
        await ShotAsync(pages, "22-no-webcrypto-open");
    }

    [Fact]
    public async Task Blocked_scripts_show_the_noscript_explanation_and_no_dead_form()
    {
        var pages = await NewPageAsync(new() { JavaScriptEnabled = false });
        await pages.Page.GotoAsync(BaseUrl + "/");
        await Expect(pages.Page.GetByRole(AriaRole.Heading, new() { Name = "JavaScript is needed" })).ToBeVisibleAsync();
        await Expect(pages.ShareButton).ToBeHiddenAsync();
        await ShotAsync(pages, "23-noscript-share");

        await pages.Page.GotoAsync(BaseUrl + "/s/AAAAAAAAAAAAAAAAAAAAAA");
        await Expect(pages.Page.GetByRole(AriaRole.Heading, new() { Name = "JavaScript is needed" })).ToBeVisibleAsync();
        await Expect(pages.View("loading")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Server_errors_and_rate_limits_get_a_human_message()
    {
        var sender = await NewPageAsync();
        await sender.GotoShareAsync();
        var secret = await sender.ShareAsync("behind a flaky proxy");

        var recipient = await NewPageAsync();
        await recipient.Page.RouteAsync("**/api/v1/secrets/*", route => route.FulfillAsync(new()
        {
            Status = 503,
            ContentType = "application/problem+json",
            Body = """{"title":"Store unavailable","status":503,"code":"store_unavailable"}""",
        }));
        await recipient.Page.GotoAsync(secret.Url);
        await Expect(recipient.View("error")).ToBeVisibleAsync();
        await Expect(recipient.View("error")).ToContainTextAsync("temporarily unavailable");
        await ShotAsync(recipient, "24-open-server-unavailable");

        await recipient.Page.UnrouteAllAsync();
        await recipient.Page.RouteAsync("**/open", route => route.FulfillAsync(new()
        {
            Status = 429,
            ContentType = "application/problem+json",
            Headers = new Dictionary<string, string> { ["Retry-After"] = "30" },
            Body = """{"title":"Too many requests","status":429,"code":"rate_limited"}""",
        }));
        await recipient.Page.GetByRole(AriaRole.Button, new() { Name = "Try again" }).ClickAsync();
        await Expect(recipient.EntryView).ToBeVisibleAsync();
        await recipient.EnterKeyAndOpenAsync(secret.Key);
        await Expect(recipient.Page.Locator("#open-error")).ToContainTextAsync("wait 30 seconds");
        await Expect(recipient.KeyField).ToHaveValueAsync(secret.Key);

        await recipient.Page.UnrouteAllAsync();
        await recipient.OpenButton.ClickAsync();
        await Expect(recipient.SecretContent).ToHaveTextAsync("behind a flaky proxy");
    }

    [Fact]
    public async Task Phone_viewport_fits_the_share_form_result_and_content()
    {
        var options = new BrowserNewContextOptions { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2 };
        var sender = await NewPageAsync(options);
        await sender.GotoShareAsync();
        await ShotAsync(sender, "30-phone-share-form");
        await AssertNoHorizontalScrollAsync(sender.Page);
        var secret = await sender.ShareAsync("# Wi-Fi\n\nnetwork: **Office-5G**\npassword: `correct-horse-battery-staple-0123456789-abcdefghijklmnopqrstuvwxyz`");
        await ShotAsync(sender, "31-phone-share-result");
        await AssertNoHorizontalScrollAsync(sender.Page);

        var recipient = await NewPageAsync(options);
        await recipient.GotoSecretAsync(secret.Url);
        await ShotAsync(recipient, "32-phone-key-entry");
        await recipient.EnterKeyAndOpenAsync(secret.Key);
        await Expect(recipient.SecretContent.Locator("h1")).ToHaveTextAsync("Wi-Fi");
        await ShotAsync(recipient, "33-phone-content");
        await AssertNoHorizontalScrollAsync(recipient.Page);
    }

    [Fact]
    public async Task Dark_colour_scheme_renders_the_pages()
    {
        var sender = await NewPageAsync(new() { ColorScheme = ColorScheme.Dark });
        await sender.GotoShareAsync();
        await sender.Content.FillAsync("Card 4111-1111-1111-1111");
        await sender.ShareButton.ClickAsync();
        await Expect(sender.CardWarning).ToBeVisibleAsync();
        await ShotAsync(sender, "40-dark-share-card-warning");
        await sender.CardConfirm.ClickAsync();
        await sender.ReadResultAsync();
        await ShotAsync(sender, "41-dark-share-result");
    }

    [Fact]
    public async Task Keyboard_alone_shares_a_secret()
    {
        var sender = await NewPageAsync();
        await sender.GotoShareAsync();
        await sender.Content.FocusAsync();
        await sender.Page.Keyboard.TypeAsync("typed with the keyboard");
        // Tab to the Time to live radios, choose "1 day" with an arrow key, then submit from there.
        await sender.Page.Keyboard.PressAsync("Tab");
        await Expect(sender.TimeToLive("1 hour")).ToBeFocusedAsync();
        await sender.Page.Keyboard.PressAsync("ArrowRight");
        await Expect(sender.TimeToLive("1 day")).ToBeCheckedAsync();
        await sender.Page.Keyboard.PressAsync("Enter");
        var secret = await sender.ReadResultAsync();
        await Expect(sender.Page.Locator("#result-title")).ToBeFocusedAsync();

        var recipient = await NewPageAsync();
        await recipient.GotoSecretAsync(secret.Url);
        await Expect(recipient.KeyField).ToBeFocusedAsync();
        await recipient.Page.Keyboard.TypeAsync(secret.Key);
        await recipient.Page.Keyboard.PressAsync("Enter");
        await Expect(recipient.SecretContent).ToHaveTextAsync("typed with the keyboard");
    }

    private static async Task AssertNoHorizontalScrollAsync(IPage page)
    {
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"The page scrolls sideways by {overflow}px.");
    }
}

/// <summary>Expiry needs a clock that moves, so it gets an app of its own.</summary>
public sealed class ExpiryTests(HttpServerFixture server) : BrowserTest(server), IAsyncLifetime
{
    private readonly OneTimeApp _app = new();

    public ValueTask InitializeAsync()
    {
        _app.Start();
        return ValueTask.CompletedTask;
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Expired_secret_shows_the_expired_page_and_cannot_be_opened()
    {
        var sender = await NewPageAsync(origin: _app.BaseUrl);
        await sender.Page.GotoAsync(_app.BaseUrl + "/");
        await Expect(sender.SizeText).Not.ToBeEmptyAsync();
        var secret = await sender.ShareAsync("short-lived");

        var recipient = await NewPageAsync(origin: _app.BaseUrl);
        await recipient.GotoSecretAsync(secret.Url);
        _app.Clock.Offset = TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1);
        await recipient.EnterKeyAndOpenAsync(secret.Key);
        await Expect(recipient.View("expired")).ToBeVisibleAsync();

        var later = await NewPageAsync(origin: _app.BaseUrl);
        await later.Page.GotoAsync(secret.Url);
        await Expect(later.View("expired")).ToBeVisibleAsync();
        await Expect(later.View("expired").Locator("h1")).ToHaveTextAsync("This secure data has expired");
        await ShotAsync(later, "25-expired");
    }
}
