using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OneTime.Core;
using OneTime.Server.Audit;
using OneTime.Server.Observability;
using OneTime.Server.Storage;
using OneTime.Server.Web;
using OneTime.Server.Webhooks;

namespace OneTime.Server.Secrets;

public static class SecretsApi
{
    private const int TokenSize = 32;
    private const int MaxLabelLength = 200;

    public static IServiceCollection AddSecrets(this IServiceCollection services)
    {
        services.AddOptions<SecretsOptions>().BindConfiguration(SecretsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecretsOptions>, SecretsOptionsValidator>();
        return services;
    }

    public static IEndpointRouteBuilder MapSecrets(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Secrets");
        api.MapGet("/settings", GetSettings).WithName("GetSettings").WithSummary("What a sender may choose");
        api.MapPost("/secrets", CreateAsync)
            .RequireRateLimiting(RateLimiting.CreatePolicy)
            .WithName("CreateSecret")
            .WithSummary("Store an encrypted secret");
        // HEAD too: scanners probe links with it, and like GET it consumes nothing (DESIGN §1.3).
        api.MapMethods("/secrets/{id}", [HttpMethods.Get, HttpMethods.Head], GetStatusAsync)
            .RequireRateLimiting(RateLimiting.ReadPolicy)
            .WithName("GetSecretStatus")
            .WithSummary("State of a secret; consumes nothing");
        // Opening uses a login, so it is a POST: link previews and scanners only ever GET.
        api.MapPost("/secrets/{id}/open", OpenAsync)
            .RequireRateLimiting(RateLimiting.OpenPolicy)
            .WithName("OpenSecret")
            .WithSummary("Use one login and fetch the ciphertext");
        return app;
    }

    private static SettingsResponse GetSettings(IOptions<SecretsOptions> options) => new(
        [.. options.Value.AllowedTimeToLive], [.. options.Value.AllowedLoginCounts], options.Value.MaxCiphertextBytes);

    private static async Task<Results<Created<CreateSecretResponse>, ProblemHttpResult>> CreateAsync(
        HttpRequest request,
        ISecretStore store,
        TimeProvider time,
        IOptions<SecretsOptions> secretsOptions,
        IOptions<AuditOptions> auditOptions,
        OneTimeMetrics metrics,
        CancellationToken ct)
    {
        var options = secretsOptions.Value;
        var (body, problem) = await JsonBody.ReadAsync(
            request,
            CoreJsonContext.Default.CreateSecretRequest,
            MaxCreateBodyBytes(options),
            ApiProblem.PayloadTooLarge(options.MaxCiphertextBytes),
            ct);
        if (problem is not null)
        {
            return problem;
        }

        var (secret, invalid) = Validate(body!, options);
        if (invalid is not null)
        {
            return invalid;
        }

        // Milliseconds are what every store keeps; answer with exactly what was stored.
        var now = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
        var id = SecretId.New();
        var manageToken = RandomNumberGenerator.GetBytes(TokenSize);
        var expiresAt = now + secret.TimeToLive;
        await store.AddAsync(
            new NewSecret(
                id,
                secret.Ciphertext,
                secret.Verifier,
                SHA256.HashData(manageToken),
                secret.MaxLogins,
                now,
                expiresAt,
                expiresAt + auditOptions.Value.Retention,
                secret.Label),
            ct);

        metrics.SecretCreated(body!.Ttl!, secret.MaxLogins);
        return TypedResults.Created(
            $"/api/v1/secrets/{id}",
            new CreateSecretResponse(id.Value, Envelope.ToBase64Url(manageToken), expiresAt, secret.MaxLogins));
    }

    private static async Task<Results<Ok<SecretStatusResponse>, ProblemHttpResult>> GetStatusAsync(
        string id, ISecretStore store, TimeProvider time, CancellationToken ct)
    {
        if (!SecretId.TryParse(id, out var secretId)
            || await store.GetStatusAsync(secretId.Value, time.GetUtcNow(), ct) is not { } status)
        {
            return ApiProblem.NotFound();
        }

        return TypedResults.Ok(new SecretStatusResponse(ToJson(status.State), status.RemainingLogins, status.ExpiresAt));
    }

    private static async Task<Results<Ok<OpenSecretResponse>, ProblemHttpResult>> OpenAsync(
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
            id, request, CoreJsonContext.Default.OpenSecretRequest, b => b.AuthToken, wrongKeys, metrics, ct);
        if (proof is not { Id: var secretId, Verifier: var verifier })
        {
            return problem!;
        }

        using var turn = proof;
        var body = proof.Body;
        if (body.Recipient is { Length: > AccessContextFactory.MaxRecipientLength })
        {
            return ApiProblem.Validation("recipient", $"recipient may be at most {AccessContextFactory.MaxRecipientLength} characters.");
        }

        var result = await store.TryOpenAsync(secretId, verifier, access.Create(request.HttpContext, body.Recipient), ct);
        notifier.Publish(result.Recorded);
        metrics.OpenAttempted(result.Outcome == OpenOutcome.NotFound ? "not_found" : AccessOutcomes.ForOpen(result.Outcome).ToJson());
        if (result.Outcome == OpenOutcome.WrongKey)
        {
            proof.Attempt.CountWrongKey();
        }

        return result.Outcome switch
        {
            OpenOutcome.Opened => TypedResults.Ok(new OpenSecretResponse(
                Envelope.ToBase64Url(result.Ciphertext), result.RemainingLogins, result.ExpiresAt)),
            OpenOutcome.WrongKey => ApiProblem.WrongLoginKey(),
            OpenOutcome.Expired => ApiProblem.Expired(),
            OpenOutcome.UsedUp => ApiProblem.UsedUp(),
            OpenOutcome.Burned => ApiProblem.Burned(),
            _ => ApiProblem.NotFound(),
        };
    }

    private static (ValidSecret Secret, ProblemHttpResult? Problem) Validate(CreateSecretRequest body, SecretsOptions options)
    {
        if (!Envelope.TryFromBase64Url(body.Ciphertext, out var ciphertext)
            || ciphertext.Length < Envelope.NonceSize + Envelope.TagSize)
        {
            return Invalid("ciphertext", "ciphertext must be base64url without padding: a 12-byte nonce, the encrypted payload and a 16-byte tag.");
        }

        if (ciphertext.Length > options.MaxCiphertextBytes)
        {
            return (default!, ApiProblem.PayloadTooLarge(options.MaxCiphertextBytes));
        }

        if (!Envelope.TryFromBase64Url(body.Verifier, out var verifier) || verifier.Length != TokenSize)
        {
            return Invalid("verifier", "verifier must be 32 bytes (SHA-256 of the authToken) in base64url without padding.");
        }

        if (body.Ttl is null || !options.AllowedTimeToLive.Contains(body.Ttl) || !Lifetime.TryParse(body.Ttl, out var ttl))
        {
            return Invalid("ttl", $"ttl must be one of {string.Join(", ", options.AllowedTimeToLive)}.");
        }

        if (body.MaxLogins is not { } maxLogins || !options.AllowedLoginCounts.Contains(maxLogins))
        {
            return Invalid("maxLogins", $"maxLogins must be one of {string.Join(", ", options.AllowedLoginCounts)}.");
        }

        if (body.Label is { Length: > MaxLabelLength })
        {
            return Invalid("label", $"label may be at most {MaxLabelLength} characters.");
        }

        return (new ValidSecret(ciphertext, verifier, ttl, maxLogins, PlainText.OneLine(body.Label)), null);

        static (ValidSecret, ProblemHttpResult) Invalid(string field, string detail) => (default!, ApiProblem.Validation(field, detail));
    }

    // The body is mostly base64url ciphertext (4 characters per 3 bytes) plus a few small fields.
    private static long MaxCreateBodyBytes(SecretsOptions options) => (options.MaxCiphertextBytes + 2L) / 3 * 4 + 16 * 1024;

    internal static string ToJson(SecretState state) => state switch
    {
        SecretState.Available => SecretStates.Available,
        SecretState.Expired => SecretStates.Expired,
        SecretState.UsedUp => SecretStates.UsedUp,
        _ => SecretStates.Burned,
    };

    private sealed record ValidSecret(byte[] Ciphertext, byte[] Verifier, TimeSpan TimeToLive, int MaxLogins, string? Label);
}

[OptionsValidator]
internal sealed partial class SecretsOptionsValidator : IValidateOptions<SecretsOptions>;
