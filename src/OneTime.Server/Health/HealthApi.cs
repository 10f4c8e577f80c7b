using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OneTime.Core;
using OneTime.Server.Storage;

namespace OneTime.Server.Health;

/// <summary>
/// <c>/healthz</c>: the process is alive (200 even while the store is down, so an orchestrator
/// does not restart a node that only waits for its database). <c>/readyz</c>: the store answers.
/// </summary>
public static class HealthApi
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).ExcludeFromDescription();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }).ExcludeFromDescription();
        return app;
    }

    private sealed class StoreHealthCheck(ISecretStore store, TimeProvider time) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            try
            {
                // A look-up of an id that does not exist touches the store and nothing else.
                await store.GetStatusAsync(SecretId.New(), time.GetUtcNow(), timeout.Token);
                return HealthCheckResult.Healthy();
            }
            catch (Exception e) when (e is StoreUnavailableException or OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy("The store does not answer.");
            }
        }
    }
}
