using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OneTime.Browser.Tests;

[assembly: AssemblyFixture(typeof(HttpServerFixture))]

namespace OneTime.Browser.Tests;

/// <summary>
/// The real app on real Kestrel (127.0.0.1, a free port) with a fresh SQLite file, and one headless
/// Debian chromium for every test. Each test opens its own browser contexts.
/// </summary>
public sealed class HttpServerFixture : IAsyncLifetime
{
    private readonly OneTimeApp _app = new();

    public string BaseUrl => _app.BaseUrl;

    public int Port => _app.Port;

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where the page-state screenshots go (ONETIME_SHOTS, or a temp folder).</summary>
    public static string ShotsDirectory { get; } =
        Environment.GetEnvironmentVariable("ONETIME_SHOTS") is { Length: > 0 } dir ? dir : Path.Combine(Path.GetTempPath(), "onetime-shots");

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(ShotsDirectory);
        _app.Start();
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                // The same app from a plain-HTTP origin that is not localhost: not a secure context.
                "--host-resolver-rules=MAP insecure.test 127.0.0.1",
            ],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        Playwright?.Dispose();
        await _app.DisposeAsync();
    }
}

/// <summary>The server under test, hosted by <see cref="WebApplicationFactory{TEntryPoint}"/> on Kestrel.</summary>
public sealed class OneTimeApp : IAsyncDisposable
{
    private readonly DirectoryInfo _dataDirectory = Directory.CreateTempSubdirectory("onetime-browser-");
    private readonly Factory _factory;

    public OneTimeApp() => _factory = new Factory(Path.Combine(_dataDirectory.FullName, "onetime.db"), Clock);

    public ShiftedTimeProvider Clock { get; } = new();

    public string BaseUrl { get; private set; } = "";

    public int Port { get; private set; }

    public void Start()
    {
        _factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        BaseUrl = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Port = new Uri(BaseUrl).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        try
        {
            _dataDirectory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; it is in the temp folder.
        }
    }

    private sealed class Factory(string databasePath, TimeProvider clock) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("OneTime:Storage:ConnectionString", $"Data Source={databasePath}");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            // One browser shares dozens of secrets a minute from one address; a person does not.
            builder.UseSetting("OneTime:RateLimits:CreatesPerMinute", "10000");
            builder.UseSetting("OneTime:RateLimits:OpensPerMinute", "10000");
            builder.UseSetting("OneTime:RateLimits:ReadsPerMinute", "10000");
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }
    }
}

/// <summary>The system clock plus an offset that a test can move forward.</summary>
public sealed class ShiftedTimeProvider : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}
