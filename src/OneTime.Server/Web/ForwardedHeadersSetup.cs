using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace OneTime.Server.Web;

/// <summary>Section <c>OneTime:ForwardedHeaders</c>.</summary>
public sealed class ForwardedHeadersSettings : IValidatableObject
{
    public const string Section = "OneTime:ForwardedHeaders";

    /// <summary>Addresses of reverse proxies whose X-Forwarded-For is believed. None by default, not even loopback.</summary>
    public string[]? KnownProxies { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in KnownProxies ?? [])
        {
            if (!IPAddress.TryParse(proxy, out _))
            {
                yield return new ValidationResult($"OneTime:ForwardedHeaders:KnownProxies: '{proxy}' is not an IP address.");
            }
        }
    }
}

public static class ForwardedHeadersSetup
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersSettings>().BindConfiguration(ForwardedHeadersSettings.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ForwardedHeadersSettings>, ForwardedHeadersSettingsValidator>();
        return services;
    }

    /// <summary>
    /// Believes X-Forwarded-For and -Proto only from the listed proxies. With none listed the
    /// middleware is left out entirely: given two empty lists it would believe every sender,
    /// and a client could pick any address it liked for the access log and the rate limits.
    /// </summary>
    public static IApplicationBuilder UseTrustedProxies(this IApplicationBuilder app)
    {
        var proxies = app.ApplicationServices.GetRequiredService<IOptions<ForwardedHeadersSettings>>().Value.KnownProxies ?? [];
        if (proxies.Length == 0)
        {
            return app;
        }

        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        options.KnownIPNetworks.Clear();
        options.KnownProxies.Clear();
        foreach (var proxy in proxies)
        {
            options.KnownProxies.Add(IPAddress.Parse(proxy));
        }

        return app.UseForwardedHeaders(options);
    }
}

[OptionsValidator]
internal sealed partial class ForwardedHeadersSettingsValidator : IValidateOptions<ForwardedHeadersSettings>;
