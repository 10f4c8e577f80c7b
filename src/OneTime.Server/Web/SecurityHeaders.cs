namespace OneTime.Server.Web;

/// <summary>The headers of DESIGN §7 on every response, errors and static files included.</summary>
public static class SecurityHeaders
{
    // No inline script or style and no third-party origin: markup injected through a secret's
    // Markdown cannot run, and a rendered page cannot tell anyone else that it was opened.
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; manifest-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // OnStarting, because the exception handler clears headers set earlier.
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers["Referrer-Policy"] = "no-referrer";
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";
            if (string.IsNullOrEmpty(headers.CacheControl))
            {
                // Secret pages and API answers must never sit in a cache; static files opt out below.
                headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        });
        return next(context);
    });

    public static IApplicationBuilder UseRevalidatedStaticFiles(this IApplicationBuilder app) => app.UseStaticFiles(new StaticFileOptions
    {
        // Always revalidate, so a fixed script reaches every browser at once.
        OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "no-cache",
    });
}
