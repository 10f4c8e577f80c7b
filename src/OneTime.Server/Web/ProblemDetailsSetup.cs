using Microsoft.AspNetCore.Diagnostics;
using OneTime.Server.Storage;

namespace OneTime.Server.Web;

/// <summary>Every error, including the framework's own (404 route, 405, 500), answers as problem details with a code.</summary>
public static class ProblemDetailsSetup
{
    public static IServiceCollection AddApiProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            if (problem.Status == StatusCodes.Status404NotFound && context.HttpContext.GetEndpoint() is null && !problem.Extensions.ContainsKey("code"))
            {
                // No route: a wrong server address or API path, which is not "no such secret".
                problem.Title = ApiProblem.NothingHereTitle;
                problem.Detail = ApiProblem.NothingHereDetail;
                problem.Extensions["code"] = "unknown_endpoint";
            }

            if (!problem.Extensions.ContainsKey("code"))
            {
                problem.Extensions["code"] = problem.Status switch
                {
                    StatusCodes.Status400BadRequest => "validation_failed",
                    StatusCodes.Status404NotFound => "not_found",
                    StatusCodes.Status405MethodNotAllowed => "method_not_allowed",
                    StatusCodes.Status413PayloadTooLarge => "payload_too_large",
                    StatusCodes.Status429TooManyRequests => "rate_limited",
                    StatusCodes.Status503ServiceUnavailable => "store_unavailable",
                    _ => "internal_error",
                };
            }
        });
        services.AddExceptionHandler<StoreUnavailableHandler>();
        return services;
    }

    public static IApplicationBuilder UseApiProblemDetails(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    private sealed class StoreUnavailableHandler(IProblemDetailsService problems, ILogger<StoreUnavailableHandler> logger) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
        {
            if (exception is not StoreUnavailableException unavailable)
            {
                return false;
            }

            logger.LogWarning("{Message}", unavailable.Message);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "5";
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = "OneTime cannot reach its storage.",
                    Detail = "Nothing was changed. Please try again in a moment.",
                    Extensions = { ["code"] = "store_unavailable" },
                },
            });
        }
    }
}
