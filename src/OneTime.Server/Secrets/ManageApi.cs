using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using OneTime.Core;
using OneTime.Server.Audit;
using OneTime.Server.Observability;
using OneTime.Server.Storage;
using OneTime.Server.Web;
using OneTime.Server.Webhooks;

namespace OneTime.Server.Secrets;

/// <summary>
/// What happens after sharing: the sender's view and burn (with the manage token), and the
/// recipient's "I'm done" burn (with the key). Unknown ids and wrong tokens answer alike, so a
/// token-less caller learns nothing about which secrets exist.
/// </summary>
public static class ManageApi
{
    public static IEndpointRouteBuilder MapSecretManagement(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/secrets").WithTags("Secrets");
        api.MapGet("/{id}/manage", GetAsync).RequireRateLimiting(RateLimiting.ReadPolicy).WithName("ManageSecret").WithSummary("Status and access log, for the sender (manage token)");
        api.MapDelete("/{id}", BurnBySenderAsync).RequireRateLimiting(RateLimiting.ReadPolicy).WithName("BurnSecret").WithSummary("Burn now, for the sender (manage token); idempotent");
        api.MapPost("/{id}/burn", BurnByRecipientAsync).RequireRateLimiting(RateLimiting.OpenPolicy).WithName("BurnSecretAsRecipient").WithSummary("The recipient ends the secret after reading (Login key)");
        return app;
    }

    private static async Task<Results<Ok<ManageSecretResponse>, ProblemHttpResult>> GetAsync(
        string id, HttpRequest request, ISecretStore store, TimeProvider time, CancellationToken ct)
    {
        if (!TryReadManageTokenHash(request, out var tokenHash) || !SecretId.TryParse(id, out var secretId)
            || await store.GetManagedAsync(secretId.Value, tokenHash, time.GetUtcNow(), ct) is not { } managed)
        {
            return ApiProblem.Unauthorized(request.HttpContext.Response);
        }

        return TypedResults.Ok(new ManageSecretResponse(
            secretId.Value.Value,
            SecretsApi.ToJson(managed.Status.State),
            managed.Status.RemainingLogins,
            managed.MaxLogins,
            managed.CreatedAt,
            managed.Status.ExpiresAt,
            managed.Label,
            [.. managed.AccessLog.Select(e => new AccessEventResponse(e.At, e.Outcome.ToJson(), e.Recipient, e.ClientAddress, e.UserAgent))]));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> BurnBySenderAsync(
        string id, HttpRequest request, ISecretStore store, AccessContextFactory access, AccessNotifier notifier, CancellationToken ct)
    {
        if (!TryReadManageTokenHash(request, out var tokenHash) || !SecretId.TryParse(id, out var secretId))
        {
            return ApiProblem.Unauthorized(request.HttpContext.Response);
        }

        var result = await store.BurnAsync(secretId.Value, BurnCredential.Sender(tokenHash), access.Create(request.HttpContext), ct);
        notifier.Publish(result.Recorded);
        return result.Outcome is BurnOutcome.Burned or BurnOutcome.AlreadyGone
            ? TypedResults.NoContent()
            : ApiProblem.Unauthorized(request.HttpContext.Response);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> BurnByRecipientAsync(
        string id,
        HttpRequest request,
        ISecretStore store,
        AccessContextFactory access,
        AccessNotifier notifier,
        WrongKeyLimiter wrongKeys,
        OneTimeMetrics metrics,
        CancellationToken ct)
    {
        var (proof, problem) = await KeyProof.ReadAsync(
            id, request, CoreJsonContext.Default.BurnSecretRequest, b => b.AuthToken, wrongKeys, metrics, ct);
        if (proof is not { Id: var secretId, Verifier: var verifier })
        {
            return problem!;
        }

        using var turn = proof;
        var result = await store.BurnAsync(secretId, BurnCredential.Recipient(verifier), access.Create(request.HttpContext), ct);
        notifier.Publish(result.Recorded);
        if (result.Outcome == BurnOutcome.Refused)
        {
            proof.Attempt.CountWrongKey();
        }

        return result.Outcome switch
        {
            BurnOutcome.Burned or BurnOutcome.AlreadyGone => TypedResults.NoContent(),
            BurnOutcome.NotFound => ApiProblem.NotFound(),
            _ => ApiProblem.WrongLoginKey(),
        };
    }

    private static bool TryReadManageTokenHash(HttpRequest request, out byte[] hash)
    {
        hash = [];
        if (!BearerToken.TryRead(request, out var token) || !Envelope.TryFromBase64Url(token, out var bytes) || bytes.Length != 32)
        {
            return false;
        }

        hash = SHA256.HashData(bytes);
        return true;
    }
}
