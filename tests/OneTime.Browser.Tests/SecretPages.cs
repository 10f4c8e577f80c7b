using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OneTime.Browser.Tests;

/// <summary>
/// Page object for "/", "/s/{id}" and "/m/{id}": every selector the tests use lives here, so a markup change
/// is fixed in one place. Visible labels are the words of DESIGN §5.
/// </summary>
public sealed partial class SecretPages(IPage page, string baseUrl)
{
    public IPage Page { get; } = page;

    // ---- Share page ----------------------------------------------------------------------------

    public ILocator Content => Page.GetByLabel("Secure data", new() { Exact = true }).First;

    public ILocator ShareButton => Page.GetByRole(AriaRole.Button, new() { Name = "Share secure data", Exact = true });

    public ILocator PreviewTab => Page.GetByRole(AriaRole.Tab, new() { Name = "Preview" });

    public ILocator Preview => Page.Locator("#preview-panel");

    public ILocator SizeText => Page.Locator("#size-text");

    public ILocator ContentError => Page.Locator("#content-error");

    public ILocator CardWarning => Page.Locator("#card-warning");

    public ILocator CardConfirm => Page.Locator("#card-confirm");

    public ILocator ShareError => Page.Locator("#share-error");

    public ILocator ResultView => Page.Locator("#view-result");

    public ILocator ResultUrl => Page.Locator("#result-url");

    public ILocator ResultKey => Page.Locator("#result-key");

    public ILocator ResultLinkWithKey => Page.Locator("#result-link-key");

    public ILocator LinkWithKeyDisclosure => Page.Locator("#link-with-key summary");

    public ILocator CopyUrl => Page.GetByRole(AriaRole.Button, new() { Name = "Copy URL" });

    public ILocator CopyKey => Page.GetByRole(AriaRole.Button, new() { Name = "Copy Login key" });

    public ILocator CopyAsOneMessage => Page.GetByRole(AriaRole.Button, new() { Name = "Copy as one message" });

    public ILocator ShareAnother => Page.GetByRole(AriaRole.Button, new() { Name = "Share another" });

    public ILocator TimeToLive(string label) => Page.GetByRole(AriaRole.Group, new() { Name = "Time to live" }).GetByLabel(label, new() { Exact = true });

    public ILocator LoginCount(string label) => Page.GetByRole(AriaRole.Group, new() { Name = "Login count" }).GetByLabel(label, new() { Exact = true });

    public ILocator NoteField => Page.GetByLabel("Note for yourself, e.g. who it is for");

    public ILocator ResultStatusUrl => Page.Locator("#result-status");

    public ILocator OpenStatusPage => Page.GetByRole(AriaRole.Link, new() { Name = "Open status page" });

    public ILocator CopyStatusLink => Page.GetByRole(AriaRole.Button, new() { Name = "Copy status page link" });

    public ILocator RecentList => Page.Locator("#recent");

    /// <summary>The entry of "Your recent secrets" for one secret id.</summary>
    public ILocator RecentEntry(string id) => Page.Locator($"#recent-list li[data-id='{id}']");

    public ILocator ClearRecent => Page.GetByRole(AriaRole.Button, new() { Name = "Clear the list" });

    // ---- Recipient page ------------------------------------------------------------------------

    public ILocator KeyField => Page.GetByLabel("Login key", new() { Exact = true });

    public ILocator NameField => Page.GetByLabel("Your name, shown to the sender");

    public ILocator OpenButton => Page.GetByRole(AriaRole.Button, new() { Name = "Open", Exact = true });

    public ILocator KeyError => Page.Locator("#key-error");

    public ILocator EntryView => Page.Locator("#view-entry");

    public ILocator SecretContent => Page.Locator("#secret-content");

    public ILocator RawContent => Page.Locator("#raw-content");

    public ILocator CopyContent => Page.GetByRole(AriaRole.Button, new() { Name = "Copy the text" });

    public ILocator Remaining => Page.Locator("#content-remaining");

    public ILocator DeleteNow => Page.GetByRole(AriaRole.Button, new() { Name = "I'm done, delete it now" });

    public ILocator CopyLive => Page.Locator("#copy-live");

    // ---- Sender's status page ------------------------------------------------------------------

    public ILocator StateBadge => Page.Locator("#state-badge");

    public ILocator StateText => Page.Locator("#state-text");

    public ILocator StatusNote => Page.Locator("#manage-note-text");

    public ILocator LoginsLeft => Page.Locator("#fact-logins");

    public ILocator TimeLeft => Page.Locator("#fact-time-left");

    public ILocator AccessLog => Page.GetByRole(AriaRole.Table);

    /// <summary>The access log's rows, newest first (the header row excluded).</summary>
    public ILocator AccessLogRows => Page.Locator("#log-body tr");

    public ILocator AccessLogEmpty => Page.Locator("#log-empty");

    public ILocator RefreshNote => Page.Locator("#refresh-note");

    public ILocator BurnNow => Page.GetByRole(AriaRole.Button, new() { Name = "Burn now" });

    public ILocator BurnDialog => Page.GetByRole(AriaRole.Dialog, new() { Name = "Burn this secure data now?" });

    public ILocator ConfirmBurn => BurnDialog.GetByRole(AriaRole.Button, new() { Name = "Yes, burn it now" });

    public ILocator CancelBurn => BurnDialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" });

    public ILocator ManageLive => Page.Locator("#manage-live");

    /// <summary>One of the state sections: not_found, expired, used_up, burned, error, unsupported, loading, status, invalid.</summary>
    public ILocator View(string name) => Page.Locator($"#view-{name}");

    // ---- Flows ---------------------------------------------------------------------------------

    public async Task GotoShareAsync()
    {
        await Page.GotoAsync(baseUrl + "/");
        // The choices are rebuilt from /api/v1/settings; wait until the page is ready to share.
        await Expect(SizeText).Not.ToBeEmptyAsync();
    }

    /// <summary>Types the content, keeps or sets the choices, shares, and returns the URL and the key.</summary>
    public async Task<SharedSecret> ShareAsync(string text, string? ttl = null, string? logins = null, string? note = null)
    {
        await Content.FillAsync(text);
        if (note is not null)
        {
            await NoteField.FillAsync(note);
        }

        if (ttl is not null)
        {
            await TimeToLive(ttl).CheckAsync();
        }

        if (logins is not null)
        {
            await LoginCount(logins).CheckAsync();
        }

        await ShareButton.ClickAsync();
        return await ReadResultAsync();
    }

    /// <summary>
    /// Puts a long text into the content box as a paste would (one input event). Playwright's
    /// FillAsync types multi-line text through the editor line by line, which takes minutes for 200 KB.
    /// </summary>
    public Task PasteContentAsync(string text) => Content.EvaluateAsync(
        "(el, text) => { el.value = text; el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' })); }",
        text);

    public async Task<SharedSecret> ReadResultAsync()
    {
        await Expect(ResultView).ToBeVisibleAsync();
        var url = await ResultUrl.InputValueAsync();
        var key = await ResultKey.InputValueAsync();
        var linkWithKey = await ResultLinkWithKey.InputValueAsync();
        var statusUrl = await ResultStatusUrl.InputValueAsync();
        return new SharedSecret(url, key, linkWithKey, statusUrl);
    }

    /// <summary>Goes to a secret's URL and waits until the Login key field is shown.</summary>
    public async Task GotoSecretAsync(string url)
    {
        await Page.GotoAsync(url);
        await Expect(EntryView).ToBeVisibleAsync();
    }

    public async Task EnterKeyAndOpenAsync(string key, string? name = null)
    {
        await KeyField.FillAsync(key);
        if (name is not null)
        {
            await NameField.FillAsync(name);
        }

        await OpenButton.ClickAsync();
    }

    /// <summary>Goes to a status page and waits until it shows the secret's state.</summary>
    public async Task GotoStatusAsync(string statusUrl)
    {
        await Page.GotoAsync(statusUrl);
        await Expect(StateBadge).Not.ToBeEmptyAsync();
    }

    /// <summary>The cells of one access log row as text: time, outcome, name, address, browser.</summary>
    public async Task<string[]> ReadLogRowAsync(int index) =>
        [.. (await AccessLogRows.Nth(index).Locator("td").AllInnerTextsAsync()).Select(text => text.Trim())];

    public Task<string> ReadLocalStorageAsync() => Page.EvaluateAsync<string>("() => JSON.stringify(localStorage)");

    public Task<string> ReadClipboardAsync() => Page.EvaluateAsync<string>("() => navigator.clipboard.readText()");

    /// <summary>Names of attributes starting with "on", and javascript: links, inside an element.</summary>
    public Task<string[]> FindActiveMarkupAsync(ILocator root) => root.EvaluateAsync<string[]>("""
        el => [...el.querySelectorAll('*')].flatMap(e => [
          ...[...e.attributes].filter(a => a.name.toLowerCase().startsWith('on')).map(a => `${e.tagName} ${a.name}`),
          ...(/^\s*javascript:/i.test(e.getAttribute('href') ?? '') ? [`${e.tagName} href=${e.getAttribute('href')}`] : []),
          ...(e.tagName === 'SCRIPT' || e.tagName === 'IFRAME' ? [e.tagName] : []),
        ])
        """);

    [GeneratedRegex("^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){4}$")]
    public static partial Regex FormattedKey();
}

/// <summary>What the sender gets: the URL, the Login key, the one-channel link with the key, and the status page link.</summary>
public sealed record SharedSecret(string Url, string Key, string LinkWithKey, string StatusUrl)
{
    public string Id => new Uri(Url).AbsolutePath["/s/".Length..];

    public string ManageToken => new Uri(StatusUrl).Fragment.TrimStart('#');
}
