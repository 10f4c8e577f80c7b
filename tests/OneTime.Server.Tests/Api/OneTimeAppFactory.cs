using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace OneTime.Server.Tests.Api;

/// <summary>
/// The real app on a real Kestrel listener (loopback, port 0) with a fresh SQLite file in a temp
/// folder, or another store a subclass picks (<see cref="StoreSettingsAsync"/>). Time is the only
/// fake: tests move it forward to expire secrets.
/// </summary>
public class OneTimeAppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly IReadOnlyDictionary<string, string?> _settings;

    private readonly DirectoryInfo _dataDirectory = Directory.CreateTempSubdirectory("onetime-tests-");

    private IReadOnlyDictionary<string, string?> _storeSettings = new Dictionary<string, string?>();

    public OneTimeAppFactory() => _settings = new Dictionary<string, string?>();

    /// <summary>For subclasses that need configuration, such as admin keys or webhooks.</summary>
    protected OneTimeAppFactory(IReadOnlyDictionary<string, string?> settings) => _settings = settings;

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    public string DatabasePath => Path.Combine(_dataDirectory.FullName, "onetime.db");

    public Uri BaseAddress { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _storeSettings = await StoreSettingsAsync();
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
    }

    /// <summary>The <c>OneTime:Storage</c> settings; none means the SQLite file in the temp folder.</summary>
    protected virtual Task<IReadOnlyDictionary<string, string?>> StoreSettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>());

    /// <summary>A client that talks to the Kestrel listener over loopback TCP.</summary>
    public HttpClient CreateHttpClient() => new() { BaseAddress = BaseAddress };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("OneTime:Storage:ConnectionString", $"Data Source={DatabasePath}");

        // Tests fire more requests from one address than a person would; RateLimitTests set their own.
        builder.UseSetting("OneTime:RateLimits:CreatesPerMinute", "100000");
        builder.UseSetting("OneTime:RateLimits:OpensPerMinute", "100000");
        builder.UseSetting("OneTime:RateLimits:ReadsPerMinute", "100000");
        // Hundreds of test servers share one console: keep it to warnings, so a failure stands out in CI's log.
        builder.UseSetting("Logging:Console:LogLevel:Default", "Warning");
        foreach (var (key, value) in _storeSettings.Concat(_settings))
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Time)));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dataDirectory.Delete(recursive: true);
    }
}
