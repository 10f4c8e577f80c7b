using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using OneTime.Server.Storage;

namespace OneTime.Server.Web;

/// <summary>Fails start-up with one readable line instead of a stack trace, and says where to point a browser.</summary>
public static partial class StartupCheck
{
    public static bool StoreIsReady(WebApplication app)
    {
        try
        {
            app.Services.GetService<IStartupValidator>()?.Validate();
            app.Services.GetRequiredService<ISecretStore>();
            return true;
        }
        catch (Exception e) when (e is StoreUnavailableException or OptionsValidationException)
        {
            var reason = e is OptionsValidationException invalid ? string.Join(" ", invalid.Failures) : e.Message;
            Console.Error.WriteLine($"OneTime cannot start: {reason}");
            return false;
        }
    }

    public static void AnnounceAddresses(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("OneTime");
        var metrics = app.Services.GetRequiredService<IOptions<Observability.MetricsOptions>>().Value;
        var metricsPort = metrics.Enabled ? metrics.Port : null;
        foreach (var address in addresses)
        {
            if (Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Port == metricsPort)
            {
                LogMetrics(logger, address);
            }
            else
            {
                LogRunning(logger, address);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "OneTime is running: open {Address}/ in a browser.")]
    private static partial void LogRunning(ILogger logger, string address);

    [LoggerMessage(Level = LogLevel.Information, Message = "OneTime serves metrics at {Address}/metrics.")]
    private static partial void LogMetrics(ILogger logger, string address);
}
