using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OneTime.Cli.Tests.Browser;

/// <summary>
/// The share page "/" and the recipient page "/s/{id}", driven by their visible labels as a person
/// would use them. Every selector the interop tests need is here.
/// </summary>
public sealed class SecretPages(IPage page)
{
    public IPage Page => page;

    private ILocator Content => page.GetByLabel("Secure data", new() { Exact = true }).First;

    private ILocator ShareButton => page.GetByRole(AriaRole.Button, new() { Name = "Share secure data", Exact = true });

    private ILocator ResultUrl => page.GetByLabel("URL", new() { Exact = true });

    private ILocator ResultKey => page.GetByLabel("Login key", new() { Exact = true });

    private ILocator KeyField => page.GetByLabel("Login key", new() { Exact = true });

    private ILocator OpenButton => page.GetByRole(AriaRole.Button, new() { Name = "Open", Exact = true });

    private ILocator CopyContent => page.GetByRole(AriaRole.Button, new() { Name = "Copy the text" });

    /// <summary>The rendered Markdown.</summary>
    public ILocator RenderedContent => page.Locator("#secret-content");

    /// <summary>Shares a text on "/" with the default choices and returns the URL and the Login key the page shows.</summary>
    public async Task<(string Url, string Key)> ShareAsync(string baseUrl, string text)
    {
        await page.GotoAsync(baseUrl + "/");
        await Content.FillAsync(text);
        await ShareButton.ClickAsync();
        await Expect(ResultUrl).Not.ToHaveValueAsync("");
        return (await ResultUrl.InputValueAsync(), await ResultKey.InputValueAsync());
    }

    /// <summary>Goes to the link, types the key unless the link carries it, presses Open, and returns the raw text as Copy copies it.</summary>
    public async Task<string> OpenAsync(string link, string? key = null)
    {
        await page.GotoAsync(link);
        if (key is not null)
        {
            await KeyField.FillAsync(key);
        }
        else
        {
            await Expect(KeyField).Not.ToHaveValueAsync("");
        }

        await OpenButton.ClickAsync();
        await Expect(CopyContent).ToBeVisibleAsync();
        await CopyContent.ClickAsync();
        return await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
    }
}
