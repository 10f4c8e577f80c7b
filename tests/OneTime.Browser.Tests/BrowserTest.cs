using Microsoft.Playwright;

namespace OneTime.Browser.Tests;

/// <summary>
/// Base of the browser tests: opens isolated contexts (clipboard allowed, console errors and CSP
/// violations recorded), saves named screenshots, and screenshots every open page when a test fails.
/// </summary>
public abstract class BrowserTest(HttpServerFixture server) : IAsyncDisposable
{
    private readonly List<IBrowserContext> _contexts = [];

    protected HttpServerFixture Server { get; } = server;

    protected string BaseUrl => Server.BaseUrl;

    /// <summary>Messages the pages wrote to the console as errors, and uncaught page errors.</summary>
    protected List<string> ConsoleErrors { get; } = [];

    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A fresh context (no shared storage, like another person's browser) and a page in it.</summary>
    protected async Task<SecretPages> NewPageAsync(BrowserNewContextOptions? options = null, string? origin = null)
    {
        var context = await Server.Browser.NewContextAsync(options ?? new BrowserNewContextOptions());
        _contexts.Add(context);
        if (origin is null || new Uri(origin).IsLoopback)
        {
            // Chromium grants clipboard access only to secure contexts (here: loopback origins).
            await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = origin ?? BaseUrl });
        }

        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                ConsoleErrors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => ConsoleErrors.Add(error);
        return new SecretPages(page, BaseUrl);
    }

    // A full page holding a megabyte of text takes long to paint on a busy machine; a screenshot is
    // documentation, so it gets more time than the 15 s an interaction does.
    private const float ShotTimeout = 60_000;

    /// <summary>Saves a full-page screenshot as {name}.png in the screenshots folder.</summary>
    protected static async Task ShotAsync(SecretPages pages, string name) =>
        await pages.Page.ScreenshotAsync(new() { Path = Path.Combine(HttpServerFixture.ShotsDirectory, name + ".png"), FullPage = true, Timeout = ShotTimeout });

    public async ValueTask DisposeAsync()
    {
        if (TestContext.Current.TestState?.Result == TestResult.Failed)
        {
            var name = string.Concat((TestContext.Current.Test?.TestDisplayName ?? "test").Split(Path.GetInvalidFileNameChars()));
            var n = 0;
            foreach (var page in _contexts.SelectMany(c => c.Pages))
            {
                try
                {
                    await page.ScreenshotAsync(new() { Path = Path.Combine(HttpServerFixture.ShotsDirectory, $"FAILED-{name}-{++n}.png"), FullPage = true, Timeout = ShotTimeout });
                }
                catch (PlaywrightException)
                {
                    // A crashed or closed page: nothing to show.
                }
            }
        }

        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }

        GC.SuppressFinalize(this);
    }
}
