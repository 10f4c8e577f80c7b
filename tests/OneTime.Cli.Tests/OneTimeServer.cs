using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using OneTime.Core;

namespace OneTime.Cli.Tests;

/// <summary>
/// The real app on a real Kestrel listener (loopback, port 0) with a fresh SQLite file, for the CLI
/// processes to talk to. Time is fake so that a test can expire a secret; each test class gets its own.
/// </summary>
public sealed class OneTimeServer : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly DirectoryInfo _dataDirectory = Directory.CreateTempSubdirectory("onetime-cli-tests-");

    /// <summary>Starts at the real time (to the minute), so the pages in the browser agree with the server about what is past.</summary>
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60));

    /// <summary>How the CLI prints a server time.</summary>
    public static string Shown(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The server's address with no trailing slash, as a person would type it.</summary>
    public string Url { get; private set; } = "";

    public ValueTask InitializeAsync()
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();
        Url = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return ValueTask.CompletedTask;
    }

    public HttpClient CreateHttpClient() => new() { BaseAddress = new Uri(Url) };

    /// <summary>The sender's view, read directly from the API: what the server saw.</summary>
    public async Task<ManageSecretResponse> ManageAsync(string statusUrl)
    {
        var (id, token) = (statusUrl.Split('/')[^1].Split('#')[0], statusUrl.Split('#')[1]);
        using var http = CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/secrets/{id}/manage");
        request.Headers.Authorization = new("Bearer", token);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync(CoreJsonContext.Default.ManageSecretResponse, TestContext.Current.CancellationToken))!;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("OneTime:Storage:ConnectionString", $"Data Source={Path.Combine(_dataDirectory.FullName, "onetime.db")}");
        // Scripts share more than people do; the limits themselves are the server tests' business.
        builder.UseSetting("OneTime:RateLimits:CreatesPerMinute", "100000");
        builder.UseSetting("OneTime:RateLimits:OpensPerMinute", "100000");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.Hosting.Lifetime", "Warning");
        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Time)));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dataDirectory.Delete(recursive: true);
    }
}
