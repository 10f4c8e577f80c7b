using Microsoft.Playwright;

namespace OneTime.Cli.Tests.Browser;

/// <summary>One headless Debian chromium (no download: Playwright drives /usr/bin/chromium).</summary>
public sealed class Chromium : IAsyncLifetime
{
    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>A fresh profile that may use the clipboard on the server's origin, as the Copy buttons need.</summary>
    public async Task<IPage> NewPageAsync(string origin)
    {
        var context = await Browser.NewContextAsync();
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = origin });
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        Playwright?.Dispose();
    }
}
