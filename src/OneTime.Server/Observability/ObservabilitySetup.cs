using OneTime.Server.Storage;
using OpenTelemetry.Metrics;

namespace OneTime.Server.Observability;

/// <summary>Section <c>OneTime:Metrics</c>.</summary>
public sealed class MetricsOptions
{
    public const string Section = "OneTime:Metrics";

    /// <summary>Serve Prometheus metrics at <c>/metrics</c>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Serve <c>/metrics</c> only on this extra port (e.g. 9464), kept off the public listener.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 65535)]
    public int? Port { get; set; }
}

public static class ObservabilitySetup
{
    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new();
        // The slim builder pins the simple formatter after configuration is read; hand the
        // framework's own switch (Logging__Console__FormatterName=json) back its last word.
        builder.Services.PostConfigure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(console =>
        {
            if (builder.Configuration["Logging:Console:FormatterName"] is { Length: > 0 } formatter)
            {
                console.FormatterName = formatter;
            }
        });
        builder.Services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<MetricsOptions>, MetricsOptionsValidator>();
        builder.Services.AddSingleton<OneTimeMetrics>();
        builder.Services.AddHttpLogging(logging =>
        {
            // Method, path, status and time: no query string, no headers, no bodies. Fragments
            // never reach a server, and paths hold only ids.
            logging.LoggingFields = Microsoft.AspNetCore.HttpLogging.HttpLoggingFields.RequestMethod
                | Microsoft.AspNetCore.HttpLogging.HttpLoggingFields.RequestPath
                | Microsoft.AspNetCore.HttpLogging.HttpLoggingFields.ResponseStatusCode
                | Microsoft.AspNetCore.HttpLogging.HttpLoggingFields.Duration;
            logging.CombineLogs = true;
        });
        InstrumentStore(builder.Services);
        if (options.Enabled)
        {
            if (options.Port is { } port)
            {
                // Every interface: the scraper usually runs on another host or container. The
                // public addresses stay what the operator set (urls or http_ports).
                builder.WebHost.UseUrls([.. PublicUrls(builder.Configuration), $"http://*:{port}"]);
                builder.Services.AddSingleton<IStartupFilter>(new MetricsPortOnly(port));
            }

            // ASP.NET Core's instrumentation (it also tags 5xx answers with error.type) without
            // the routing and rate-limiting meters: they add four measurements to every request,
            // for figures onetime_rate_limit_rejections_total already gives. A dropped instrument
            // is never enabled, so it costs nothing.
            builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
                .AddMeter(OneTimeMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddView("aspnetcore.routing.match_attempts", MetricStreamConfiguration.Drop)
                .AddView("aspnetcore.rate_limiting.*", MetricStreamConfiguration.Drop)
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());
        }

        return builder;
    }

    public static WebApplication MapMetrics(this WebApplication app)
    {
        var options = app.Configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new();
        if (options.Enabled)
        {
            if (options.Port is { } port)
            {
                // By the port the connection arrived on, not by the Host header, which any client sets.
                app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
                    context.Connection.LocalPort == port && context.Request.Path == "/metrics");
            }
            else
            {
                app.MapPrometheusScrapingEndpoint("/metrics");
            }
        }

        return app;
    }

    private static IEnumerable<string> PublicUrls(IConfiguration configuration)
    {
        if (configuration["urls"] is { Length: > 0 } urls)
        {
            return urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        if (configuration["http_ports"] is { Length: > 0 } ports)
        {
            return ports.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"http://*:{p}");
        }

        return ["http://localhost:5000"];
    }

    /// <summary>
    /// The metrics port serves <c>/metrics</c> and nothing else. It listens on every interface,
    /// and must not become a second way into the API that skips the reverse proxy. A startup
    /// filter runs first, before static files and endpoints could answer.
    /// </summary>
    private sealed class MetricsPortOnly(int port) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) => context.Connection.LocalPort == port && context.Request.Path != "/metrics"
                ? Web.ApiProblem.Create(StatusCodes.Status404NotFound, "unknown_endpoint", "Only /metrics is served on this port.").ExecuteAsync(context)
                : following(context));
            next(app);
        };
    }

    // Wraps whichever store AddSecretStore registered, so every backend is measured alike.
    private static void InstrumentStore(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(ISecretStore));
        services.Remove(registered);
        Func<IServiceProvider, object> create = registered switch
        {
            { ImplementationInstance: { } instance } => _ => instance,
            { ImplementationFactory: { } factory } => factory,
            _ => throw new InvalidOperationException("Register ISecretStore with a factory or an instance."),
        };
        services.AddKeyedSingleton(typeof(ISecretStore), "inner", (sp, _) => create(sp));
        services.AddSingleton<ISecretStore>(sp =>
            new InstrumentedSecretStore(sp.GetRequiredKeyedService<ISecretStore>("inner"), sp.GetRequiredService<OneTimeMetrics>()));
    }
}

[Microsoft.Extensions.Options.OptionsValidator]
internal sealed partial class MetricsOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<MetricsOptions>;
