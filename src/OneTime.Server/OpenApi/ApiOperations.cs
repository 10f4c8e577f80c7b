using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OneTime.Core;
using static OneTime.Server.OpenApi.ProblemExamples;

namespace OneTime.Server.OpenApi;

/// <summary>What the document says about one operation beyond what the framework infers from the handler.</summary>
internal sealed record ApiOperation(string Description)
{
    public Type? Body { get; init; }

    public JsonNode? BodyExample { get; init; }

    public JsonNode? AnswerExample { get; init; }

    /// <summary>The security scheme (<see cref="DocumentTransformer"/>) the operation needs, if any.</summary>
    public string? Security { get; init; }

    public IReadOnlyList<ProblemExample> Problems { get; init; } = [];

    /// <summary>For what the table cannot say, such as a streamed answer in two formats.</summary>
    public Func<OpenApiOperation, OpenApiOperationTransformerContext, CancellationToken, Task>? Customize { get; init; }
}

/// <summary>
/// One entry per API operation, keyed by the endpoint's name (<c>.WithName</c>). A new endpoint
/// without an entry here fails <c>OpenApiDocumentTests</c>, so the document never silently lags.
/// </summary>
internal static class ApiOperations
{
    public const string ManageToken = "manageToken";
    public const string AdminApiKey = "adminApiKey";

    private static readonly ProblemExample OpenRateLimited = RateLimited(
        "This client tried too often: opens and burns per minute (OneTime:RateLimits:OpensPerMinute), or wrong keys for this secret (WrongKeysPerSecret within WrongKeyWindow).");

    private static readonly ProblemExample ReadRateLimited = RateLimited(
        "This client made too many status look-ups, status-page refreshes and sender burns in the last minute (OneTime:RateLimits:ReadsPerMinute).");

    public static IReadOnlyDictionary<string, ApiOperation> ByName { get; } = new Dictionary<string, ApiOperation>
    {
        ["GetSettings"] = new("The time-to-live codes and login counts this server accepts, safest first (clients offer the first as the default), and the largest ciphertext in bytes.")
        {
            AnswerExample = ApiExamples.Settings,
        },
        ["CreateSecret"] = new("""
            Stores a secret that the client has already encrypted (DESIGN §2, docs/envelope.md). The client
            generates the Login key, derives `authToken` and the AES-256-GCM key from it with HKDF-SHA256, and
            sends only `ciphertext` (base64url of nonce ‖ AES-GCM output) and `verifier` (base64url of
            SHA-256(authToken)). The Login key never reaches the server.

            The answer's `manageToken` is shown once: it is the sender's credential for the status page
            (`/m/{id}#manageToken`), `GET /manage` and `DELETE`. The server keeps only its hash.
            """)
        {
            Body = typeof(CreateSecretRequest),
            BodyExample = ApiExamples.CreateRequest,
            AnswerExample = ApiExamples.Created,
            Problems =
            [
                InvalidBody,
                Invalid("ciphertext", "ciphertext must be base64url without padding: a 12-byte nonce, the encrypted payload and a 16-byte tag.", "The ciphertext is not base64url, or shorter than nonce and tag."),
                Invalid("verifier", "verifier must be 32 bytes (SHA-256 of the authToken) in base64url without padding.", "The verifier is not 32 bytes of base64url."),
                Invalid("ttl", "ttl must be one of 1h, 1d, 7d, 30d.", "The time to live is not one this server offers."),
                Invalid("maxLogins", "maxLogins must be one of 1, 2, 3, 5.", "The login count is not one this server offers."),
                Invalid("label", "label may be at most 200 characters.", "The label is longer than 200 characters."),
                SecretTooLarge,
                RateLimited("This client created too many secrets in the last minute (OneTime:RateLimits:CreatesPerMinute)."),
                StoreUnavailable,
            ],
        },
        ["GetSecretStatus"] = new("""
            The state of a secret, its remaining logins and its expiry. Consumes nothing and is not logged:
            link previews and scanners may call it freely. A secret that ended keeps answering with its
            state (`expired`, `used_up`, `burned`) until the audit retention has passed.
            """)
        {
            AnswerExample = ApiExamples.Status,
            Problems = [NotFound, ReadRateLimited, StoreUnavailable],
        },
        ["OpenSecret"] = new("""
            Uses one login and answers with the ciphertext, which the client decrypts with the Login key.
            Proves knowledge of the key with `authToken` (HKDF-SHA256 of the key, info "onetime/v1/open"),
            which the server checks against the stored verifier. The check, the count and the deletion of the
            ciphertext on the last login are one atomic step: N logins open at most N times.

            A POST, never a GET, so that link previews cannot use a login. `recipient` is an optional name
            for the sender's access log.
            """)
        {
            Body = typeof(OpenSecretRequest),
            BodyExample = ApiExamples.OpenRequest,
            AnswerExample = ApiExamples.Opened,
            Problems =
            [
                InvalidBody,
                InvalidAuthToken,
                Invalid("recipient", "recipient may be at most 100 characters.", "The recipient name is longer than 100 characters."),
                WrongLoginKey,
                NotFound,
                Expired,
                UsedUp,
                Burned,
                RequestTooLarge,
                OpenRateLimited,
                StoreUnavailable,
            ],
        },
        ["ManageSecret"] = new("""
            The sender's view: state, logins left, label and the access log (every open, wrong key, refusal
            and burn, oldest first). Needs `Authorization: Bearer <manageToken>`. A wrong token and an
            unknown id answer alike (401), so the endpoint tells a token-less caller nothing.
            """)
        {
            Security = ManageToken,
            AnswerExample = ApiExamples.Managed,
            Problems = [Unauthorized("The manage token is missing or wrong, or there is no such secret."), ReadRateLimited, StoreUnavailable],
        },
        ["BurnSecret"] = new("""
            The sender ends the secret now: its ciphertext is deleted and it answers `burned` from then on.
            Needs `Authorization: Bearer <manageToken>`. Idempotent: burning a secret that already ended
            answers 204 too and changes nothing.
            """)
        {
            Security = ManageToken,
            Problems = [Unauthorized("The manage token is missing or wrong, or there is no such secret."), ReadRateLimited, StoreUnavailable],
        },
        ["BurnSecretAsRecipient"] = new("""
            The recipient ends the secret after reading it, proving the Login key with `authToken` as for
            opening. Uses no login. Answers 204 also when the secret had already ended.
            """)
        {
            Body = typeof(BurnSecretRequest),
            BodyExample = ApiExamples.BurnRequest,
            Problems = [InvalidBody, InvalidAuthToken, WrongLoginKey, NotFound, RequestTooLarge, OpenRateLimited, StoreUnavailable],
        },
        ["ExportAudit"] = new("""
            Access events across all secrets from `since` up to `until` (default: now), oldest first, for a
            team's audit trail: one JSON object per line (`format=jsonl`, the default) or CSV (`format=csv`).
            Needs `Authorization: Bearer <admin API key>` (`OneTime:Admin:ApiKeys`); without any key
            configured the export is off and answers 404. No content, key or token is ever in an event.
            """)
        {
            Security = AdminApiKey,
            Customize = AuditExportDescription.ApplyAsync,
            Problems =
            [
                Invalid("since", "since is required: an ISO 8601 UTC time such as 2026-12-01T00:00:00Z.", "since is missing or not an ISO 8601 time."),
                Invalid("until", "until must be an ISO 8601 UTC time such as 2026-12-31T00:00:00Z.", "until is not an ISO 8601 time."),
                Invalid("format", "format must be jsonl or csv.", "format is neither jsonl nor csv."),
                Unauthorized("The admin API key is missing or wrong."),
                new(Web.ApiProblem.UnknownEndpoint(), "The export is off: no admin API key is configured."),
                StoreUnavailable,
            ],
        },
    };
}
