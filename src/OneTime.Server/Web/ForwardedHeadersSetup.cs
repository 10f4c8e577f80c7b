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
    /// <summary>
    /// Believes X-Forwarded-For and -Proto only from the listed proxies. With none listed the
    /// middleware is left out entirely: given two empty lists it would believe every sender,
    /// and a client could pick any address it liked for the access log and the rate limits.
    /// </summary>
    public static IApplicationBuilder UseTrustedProxies(this IApplicationBuilder app, IConfiguration configuration)
    {
        var proxies = configuration.GetSection("OneTime:ForwardedHeaders").Get<ForwardedHeadersSettings>()?.KnownProxies ?? [];
        if (proxies.Length == 0)
        {
            return app;
        }

        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        options.KnownIPNetworks.Clear();
        options.KnownProxies.Clear();
        foreach (var proxy in proxies)
        {
            if (!IPAddress.TryParse(proxy, out var address))
            {
                throw new InvalidOperationException($"OneTime:ForwardedHeaders:KnownProxies: '{proxy}' is not an IP address.");
            }

            options.KnownProxies.Add(address);
        }

        return app.UseForwardedHeaders(options);
    }
}
