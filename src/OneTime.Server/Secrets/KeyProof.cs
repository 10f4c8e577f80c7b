using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;
using OneTime.Core;
using OneTime.Server.Observability;
using OneTime.Server.Web;

namespace OneTime.Server.Secrets;

/// <summary>
/// What the recipient's calls (open, burn) share: an id, a small body with the authToken, and
/// the wrong-key limit for this client and secret, checked before the store is asked. Dispose it
/// once the store has answered (and a wrong key is counted): that ends this client's turn.
/// </summary>
internal sealed record KeyProof<T>(SecretId Id, T Body, byte[] Verifier, WrongKeyLimiter.KeyAttempt Attempt) : IDisposable
{
    public void Dispose() => Attempt.Dispose();
}

internal static class KeyProof
{
    private const int MaxBodyBytes = 16 * 1024;

    public static async Task<(KeyProof<T>? Proof, ProblemHttpResult? Problem)> ReadAsync<T>(
        string id,
        HttpRequest request,
        JsonTypeInfo<T> type,
        Func<T, string?> authToken,
        WrongKeyLimiter wrongKeys,
        OneTimeMetrics metrics,
        CancellationToken ct)
        where T : class
    {
        if (!SecretId.TryParse(id, out var secretId))
        {
            return (null, ApiProblem.NotFound());
        }

        var (body, problem) = await JsonBody.ReadAsync(request, type, MaxBodyBytes, TooLarge, ct);
        if (problem is not null)
        {
            return (null, problem);
        }

        if (!Envelope.TryFromBase64Url(authToken(body!), out var token) || token.Length != 32)
        {
            return (null, ApiProblem.Validation("authToken", "authToken must be 32 bytes in base64url without padding."));
        }

        var (attempt, retryAfter) = await wrongKeys.BeginAsync(request.HttpContext, secretId.Value, ct);
        if (attempt is null)
        {
            metrics.RateLimited("wrong_key");
            return (null, ApiProblem.TooManyRequests(request.HttpContext, retryAfter));
        }

        return (new KeyProof<T>(secretId.Value, body!, Envelope.ComputeVerifier(token), attempt), null);
    }

    private static ProblemHttpResult TooLarge { get; } = ApiProblem.Create(
        StatusCodes.Status413PayloadTooLarge, "payload_too_large", "The request is too large.", $"A request with a key may be at most {MaxBodyBytes / 1024} KiB.");
}
