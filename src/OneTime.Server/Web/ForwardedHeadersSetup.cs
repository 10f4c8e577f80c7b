using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace OneTime.Server.Web;

/// <summary>Section <c>OneTime:ForwardedHeaders</c>.</summary>
public sealed class ForwardedHeadersSettings
{
    /// <summary>Addresses of reverse proxies whose X-Forwarded-For is believed. None by default, not even loopback.</summary>
    public string[]? KnownProxies { get; set; }
}

public static class ForwardedHeadersSetup
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection("OneTime:ForwardedHeaders").Get<ForwardedHeadersSettings>() ?? new();
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The framework trusts loopback by default; a client on the same host could then
            // pick any address it likes for the access log and the rate limits.
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
            foreach (var proxy in settings.KnownProxies ?? [])
            {
                if (!IPAddress.TryParse(proxy, out var address))
                {
                    throw new InvalidOperationException($"OneTime:ForwardedHeaders:KnownProxies: '{proxy}' is not an IP address.");
                }

                options.KnownProxies.Add(address);
            }
        });
        return services;
    }
}
