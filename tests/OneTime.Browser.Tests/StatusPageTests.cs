using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OneTime.Browser.Tests;

/// <summary>
/// The sender's side after sharing: the status page "/m/{id}#manageToken" with its access log and
/// "Burn now", and "Your recent secrets" on "/".
/// </summary>
public sealed class StatusPageTests(HttpServerFixture server) : BrowserTest(server)
{
    [Fact]
    public async Task Status_page_shows_the_recipients_open_with_name_and_time_without_a_reload()
    {
        var sender = await NewPageAsync();
        // A fake clock for the sender's browser, so the page's 10-second refresh can be run at once.
        await sender.Page.Context.Clock.InstallAsync();
        await sender.GotoShareAsync();
        var secret = await sender.ShareAsync("db password: hunter2", logins: "2", note: "For Alice: staging database");
        await Expect(sender.ResultStatusUrl).ToHaveValueAsync(BaseUrl + "/m/" + secret.Id + "#" + secret.ManageToken);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", secret.ManageToken);

        // Arrange: the sender opens the status page from the result screen, in a new tab.
        var tab = await sender.Page.Context.RunAndWaitForPageAsync(() => sender.OpenStatusPage.ClickAsync());
        var status = new SecretPages(tab, BaseUrl);
        var requests = new List<IRequest>();
        tab.Request += (_, request) => requests.Add(request);
        await Expect(status.StateBadge).ToHaveTextAsync("Active");
        await Expect(status.StatusNote).ToHaveTextAsync("For Alice: staging database");
        await Expect(status.LoginsLeft).ToHaveTextAsync("2 of 2");
        await Expect(status.TimeLeft).ToContainTextAsync("minutes");
        await Expect(status.AccessLogEmpty).ToContainTextAsync("Nobody has tried to open it yet.");
        await Expect(status.AccessLog).ToBeHiddenAsync();
        await Expect(status.RefreshNote).ToContainTextAsync("Updated");
        // The sender bookmarks this page: the token stays in the address bar.
        Assert.Equal(secret.StatusUrl, tab.Url);
        await ShotAsync(status, "50-status-empty-log");
        await tab.EvaluateAsync("() => { window.sameDocument = true; }");

        // Act: the recipient opens it, in another browser, and gives a name.
        var recipient = await NewPageAsync();
        await recipient.GotoSecretAsync(secret.Url);
        await ShotAsync(recipient, "51-open-key-entry-with-name");
        await recipient.EnterKeyAndOpenAsync(secret.Key, name: "Alice Example");
        await Expect(recipient.SecretContent).ToHaveTextAsync("db password: hunter2");
        var openedAt = DateTimeOffset.UtcNow;
        await tab.Clock.FastForwardAsync("00:11");

        // Assert: the open appears on the status page by itself, with the name and the time.
        await Expect(status.AccessLogRows).ToHaveCountAsync(1);
        Assert.True(await tab.EvaluateAsync<bool>("() => window.sameDocument === true"), "The status page reloaded.");
        var row = await status.ReadLogRowAsync(0);
        Assert.Equal("Opened", row[1]);
        Assert.Equal("Alice Example", row[2]);
        Assert.Equal("127.0.0.0/24", row[3]);
        Assert.Contains("Chrome", row[4], StringComparison.Ordinal);
        var time = status.AccessLogRows.First.Locator("time");
        var at = DateTimeOffset.Parse(await time.GetAttributeAsync("datetime") ?? "", System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(at, openedAt.AddMinutes(-1), openedAt.AddSeconds(5));
        await Expect(time).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex(" UTC$"));
        await Expect(status.LoginsLeft).ToHaveTextAsync("1 of 2");
        await Expect(status.StateBadge).ToHaveTextAsync("Active");
        await Expect(status.ManageLive).ToHaveTextAsync("1 new entry in the access log.");
        await ShotAsync(status, "52-status-with-log");

        // The token went only into the Authorization header of the page's own manage calls.
        var withToken = requests.Where(r => r.Url.Contains(secret.ManageToken, StringComparison.Ordinal)).ToList();
        Assert.Empty(withToken);
        var authorized = new List<string>();
        foreach (var request in requests)
        {
            var headers = await request.AllHeadersAsync();
            Assert.False(headers.ContainsKey("referer"), $"{request.Url} carried a Referer.");
            if (headers.TryGetValue("authorization", out var value))
            {
                Assert.Equal("Bearer " + secret.ManageToken, value);
                authorized.Add(request.Method + " " + new Uri(request.Url).AbsolutePath);
            }
        }

        Assert.NotEmpty(authorized);
        Assert.All(authorized, call => Assert.Equal($"GET /api/v1/secrets/{secret.Id}/manage", call));
        Assert.Empty(ConsoleErrors);
    }

    [Fact]
    public async Task Sender_burns_from_the_status_page_after_confirming_and_the_recipient_gets_the_burned_page()
    {
        var sender = await NewPageAsync();
        await sender.GotoShareAsync();
        var secret = await sender.ShareAsync("to be burned", logins: "3", note: "Contractor laptop");

        await sender.GotoStatusAsync(secret.StatusUrl);
        await Expect(sender.StateBadge).ToHaveTextAsync("Active");

        // Cancel keeps it; nothing is sent.
        await sender.BurnNow.ClickAsync();
        await Expect(sender.BurnDialog).ToBeVisibleAsync();
        await Expect(sender.CancelBurn).ToBeFocusedAsync();
        await ShotAsync(sender, "53-status-burn-confirmation");
        await sender.CancelBurn.ClickAsync();
        await Expect(sender.BurnDialog).ToBeHiddenAsync();
        await Expect(sender.BurnNow).ToBeFocusedAsync();

        // Escape closes it too; then the keyboard alone burns: Enter opens, Tab, Enter confirms.
        await sender.Page.Keyboard.PressAsync("Enter");
        await Expect(sender.BurnDialog).ToBeVisibleAsync();
        await sender.Page.Keyboard.PressAsync("Escape");
        await Expect(sender.BurnDialog).ToBeHiddenAsync();
        await Expect(sender.StateBadge).ToHaveTextAsync("Active");

        await sender.BurnNow.FocusAsync();
        await sender.Page.Keyboard.PressAsync("Enter");
        await Expect(sender.CancelBurn).ToBeFocusedAsync();
        await sender.Page.Keyboard.PressAsync("Tab");
        await Expect(sender.ConfirmBurn).ToBeFocusedAsync();
        await sender.Page.Keyboard.PressAsync("Enter");

        await Expect(sender.StateBadge).ToHaveTextAsync("Burned");
        await Expect(sender.StateText).ToContainTextAsync("Nobody can open it any more");
        await Expect(sender.StateText).ToBeFocusedAsync();
        await Expect(sender.BurnNow).ToBeHiddenAsync();
        await Expect(sender.LoginsLeft).ToHaveTextAsync("0 of 3");
        await Expect(sender.TimeLeft).ToHaveTextAsync("None");
        await Expect(sender.AccessLogRows).ToHaveCountAsync(1);
        Assert.Equal("Burned by you", (await sender.ReadLogRowAsync(0))[1]);
        await Expect(sender.ManageLive).ToHaveTextAsync("Burned. Nobody can open it any more.");
        await ShotAsync(sender, "54-status-burned");

        var recipient = await NewPageAsync();
        await recipient.Page.GotoAsync(secret.Url);
        await Expect(recipient.View("burned")).ToBeVisibleAsync();
        await Expect(recipient.View("burned").Locator("h1")).ToHaveTextAsync("This secure data was deleted");

        // The recipient's attempt is logged too, newest first.
        await sender.Page.ReloadAsync();
        await Expect(sender.StateBadge).ToHaveTextAsync("Burned");
        await Expect(sender.AccessLogRows).ToHaveCountAsync(1);
        Assert.Empty(ConsoleErrors);
    }

    [Fact]
    public async Task Recent_secrets_list_shows_live_states_and_keeps_no_key_or_content()
    {
        const string text = "recent-list secret text 7f3a";
        var sender = await NewPageAsync();
        await sender.GotoShareAsync();
        await Expect(sender.RecentList).ToBeHiddenAsync();
        var first = await sender.ShareAsync(text, note: "For Bob");
        // The result screen is about this secret; the list waits until the sender goes back.
        await Expect(sender.RecentList).ToBeHiddenAsync();
        await sender.ShareAnother.ClickAsync();
        var second = await sender.ShareAsync("second secret 91bc", logins: "2");
        await sender.ShareAnother.ClickAsync();

        await Expect(sender.RecentList).ToBeVisibleAsync();
        await Expect(sender.RecentList.Locator("li")).ToHaveCountAsync(2);
        var entry = sender.RecentEntry(first.Id);
        await Expect(entry.GetByRole(AriaRole.Link)).ToHaveTextAsync("For Bob");
        await Expect(entry.GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", $"/m/{first.Id}#{first.ManageToken}");
        await Expect(entry.Locator(".badge")).ToHaveTextAsync("Active");
        await Expect(entry).ToContainTextAsync("1 of 1 login left");
        await Expect(sender.RecentEntry(second.Id).GetByRole(AriaRole.Link)).ToHaveTextAsync("No note");
        // Newest first.
        await Expect(sender.RecentList.Locator("li").First).ToHaveAttributeAsync("data-id", second.Id);

        var recipient = await NewPageAsync();
        await recipient.GotoSecretAsync(first.Url);
        await recipient.EnterKeyAndOpenAsync(first.Key);
        await Expect(recipient.SecretContent).ToHaveTextAsync(text);

        await sender.GotoShareAsync();
        await Expect(entry.Locator(".badge")).ToHaveTextAsync("Used up");
        await Expect(entry).ToContainTextAsync("opened once");
        await Expect(entry).Not.ToContainTextAsync("logins left");
        await Expect(entry).Not.ToContainTextAsync("login left");
        await ShotAsync(sender, "55-recent-secrets");

        var stored = await sender.ReadLocalStorageAsync();
        Assert.Contains(first.ManageToken, stored, StringComparison.Ordinal);
        foreach (var secret in new[] { first, second })
        {
            Assert.DoesNotContain(secret.Key, stored, StringComparison.Ordinal);
            Assert.DoesNotContain(secret.Key.Replace("-", "", StringComparison.Ordinal), stored, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(text, stored, StringComparison.Ordinal);
        Assert.DoesNotContain("second secret", stored, StringComparison.Ordinal);

        // Following the entry's link opens its status page.
        await entry.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(sender.StateBadge).ToHaveTextAsync("Used up");
        await sender.GotoShareAsync();

        await entry.GetByRole(AriaRole.Button, new() { Name = "Forget “For Bob” in this browser" }).ClickAsync();
        await Expect(entry).ToHaveCountAsync(0);
        await Expect(sender.RecentList.Locator("li")).ToHaveCountAsync(1);
        await sender.ClearRecent.ClickAsync();
        await sender.Page.GetByRole(AriaRole.Button, new() { Name = "Forget all" }).ClickAsync();
        await Expect(sender.RecentList).ToBeHiddenAsync();
        Assert.Equal("{}", await sender.ReadLocalStorageAsync());
    }

    [Fact]
    public async Task Recent_secrets_long_past_their_expiry_are_forgotten()
    {
        var sender = await NewPageAsync();
        await sender.Page.GotoAsync(BaseUrl + "/");
        await sender.Page.EvaluateAsync("""
            () => localStorage.setItem('onetime.recentSecrets', JSON.stringify([
              { id: 'AAAAAAAAAAAAAAAAAAAAAA', label: 'old', statusUrl: '/m/AAAAAAAAAAAAAAAAAAAAAA#' + 'A'.repeat(43),
                createdAt: '2020-01-01T00:00:00Z', expiresAt: '2020-01-02T00:00:00Z', maxLogins: 1 },
              { id: 'BBBBBBBBBBBBBBBBBBBBBB', label: 'tampered', statusUrl: 'javascript:alert(1)',
                createdAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 3600e3).toISOString(), maxLogins: 1 },
            ]))
            """);
        await sender.GotoShareAsync();
        await Expect(sender.RecentList).ToBeHiddenAsync();
        Assert.Equal("{}", await sender.ReadLocalStorageAsync());
    }

    [Fact]
    public async Task Wrong_or_missing_token_shows_the_invalid_link_page()
    {
        var sender = await NewPageAsync();
        await sender.GotoShareAsync();
        var secret = await sender.ShareAsync("guarded by the token");
        var manageCalls = 0;

        var stranger = await NewPageAsync();
        stranger.Page.Request += (_, request) => manageCalls += request.Url.EndsWith("/manage", StringComparison.Ordinal) ? 1 : 0;
        var wrong = secret.ManageToken[0] == 'A' ? "B" + secret.ManageToken[1..] : "A" + secret.ManageToken[1..];
        await stranger.Page.GotoAsync($"{BaseUrl}/m/{secret.Id}#{wrong}");
        await Expect(stranger.View("invalid")).ToBeVisibleAsync();
        await Expect(stranger.View("invalid").Locator("h1")).ToHaveTextAsync("This status link is not valid");
        await Expect(stranger.View("invalid")).ToContainTextAsync("the part after the #");
        await Expect(stranger.StateBadge).ToBeHiddenAsync();
        Assert.Equal(1, manageCalls);
        await ShotAsync(stranger, "56-status-invalid-link");

        // Without a token, or with one of the wrong shape, the page does not even ask the server.
        await stranger.Page.GotoAsync($"{BaseUrl}/m/{secret.Id}");
        await Expect(stranger.View("invalid")).ToBeVisibleAsync();
        await stranger.Page.GotoAsync($"{BaseUrl}/m/{secret.Id}#short");
        await Expect(stranger.View("invalid")).ToBeVisibleAsync();
        Assert.Equal(1, manageCalls);

        // The right token still works: a wrong one changed nothing.
        await stranger.GotoStatusAsync(secret.StatusUrl);
        await Expect(stranger.StateBadge).ToHaveTextAsync("Active");
    }

    [Fact]
    public async Task Status_page_explains_failures_and_keeps_the_last_state_when_a_refresh_fails()
    {
        var sender = await NewPageAsync();
        await sender.Page.Context.Clock.InstallAsync();
        await sender.GotoShareAsync();
        var secret = await sender.ShareAsync("flaky network");

        await sender.Page.RouteAsync("**/manage", route => route.AbortAsync());
        await sender.Page.GotoAsync(secret.StatusUrl);
        await Expect(sender.View("error")).ToContainTextAsync("could not be reached");
        await sender.Page.UnrouteAllAsync();
        await sender.Page.GetByRole(AriaRole.Button, new() { Name = "Try again" }).ClickAsync();
        await Expect(sender.StateBadge).ToHaveTextAsync("Active");

        await sender.Page.RouteAsync("**/manage", route => route.FulfillAsync(new()
        {
            Status = 429,
            ContentType = "application/problem+json",
            Headers = new Dictionary<string, string> { ["Retry-After"] = "20" },
            Body = """{"title":"Too many requests","status":429,"code":"rate_limited"}""",
        }));
        await sender.Page.Clock.FastForwardAsync("00:11");
        await Expect(sender.RefreshNote).ToContainTextAsync("Could not update");
        await Expect(sender.RefreshNote).ToContainTextAsync("wait 20 seconds");
        await Expect(sender.StateBadge).ToHaveTextAsync("Active");
        await ShotAsync(sender, "57-status-refresh-failed");

        await sender.Page.UnrouteAllAsync();
        await sender.Page.Clock.FastForwardAsync("00:21");
        await Expect(sender.RefreshNote).ToContainTextAsync("Updated");
    }

    [Fact]
    public async Task Status_page_fits_a_phone_and_renders_in_dark_mode()
    {
        var phone = new BrowserNewContextOptions { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2 };
        var sender = await NewPageAsync(phone);
        await sender.GotoShareAsync();
        var secret = await sender.ShareAsync("phone secret", logins: "3", note: "Wi-Fi for the new office in Lisbon");
        await ShotAsync(sender, "58-phone-share-result-status-link");

        var recipient = await NewPageAsync();
        await recipient.GotoSecretAsync(secret.Url);
        await recipient.EnterKeyAndOpenAsync("00000-00000-00000-00000-00000");
        await Expect(recipient.KeyError).ToBeVisibleAsync();
        await recipient.EnterKeyAndOpenAsync(secret.Key, name: "María José Carreño-Quiñones");
        await Expect(recipient.SecretContent).ToHaveTextAsync("phone secret");

        await sender.GotoStatusAsync(secret.StatusUrl);
        await Expect(sender.AccessLogRows).ToHaveCountAsync(2);
        Assert.Equal("Opened", (await sender.ReadLogRowAsync(0))[1]);
        Assert.Equal("Wrong Login key", (await sender.ReadLogRowAsync(1))[1]);
        Assert.Equal("not given", (await sender.ReadLogRowAsync(1))[2]);
        await ShotAsync(sender, "59-phone-status-with-log");
        var overflow = await sender.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"The page scrolls sideways by {overflow}px.");
        await sender.BurnNow.ClickAsync();
        await ShotAsync(sender, "60-phone-burn-confirmation");
        await sender.GotoShareAsync();
        await ShotAsync(sender, "61-phone-recent-secrets");

        var dark = await NewPageAsync(new() { ColorScheme = ColorScheme.Dark });
        await dark.GotoStatusAsync(secret.StatusUrl);
        await Expect(dark.AccessLogRows).ToHaveCountAsync(2);
        await ShotAsync(dark, "62-dark-status-with-log");
        await dark.BurnNow.ClickAsync();
        await ShotAsync(dark, "63-dark-burn-confirmation");
        await dark.ConfirmBurn.ClickAsync();
        await Expect(dark.StateBadge).ToHaveTextAsync("Burned");
        await ShotAsync(dark, "64-dark-status-burned");
        await dark.Page.GotoAsync(BaseUrl + "/m/" + secret.Id + "#" + new string('A', 43));
        await Expect(dark.View("invalid")).ToBeVisibleAsync();
        await ShotAsync(dark, "65-dark-status-invalid");
    }
}
