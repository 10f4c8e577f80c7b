using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using OneTime.Server.Web;

namespace OneTime.Server.OpenApi;

/// <summary>An error answer an operation can give, and when it happens.</summary>
internal sealed record ProblemExample(ProblemHttpResult Problem, string When)
{
    public int Status => Problem.StatusCode;

    public string Code => (string)Problem.ProblemDetails.Extensions["code"]!;

    public string? Field => Problem.ProblemDetails.Extensions.TryGetValue("field", out var value) ? value as string : null;

    /// <summary>A name unique within one response: the code, and the field for validation problems.</summary>
    public string Name => Field is null ? Code : $"{Code}:{Field}";
}

/// <summary>
/// The error answers the document shows, made by the same <see cref="ApiProblem"/> calls the handlers
/// use, so the examples cannot drift from what the server sends.
/// </summary>
internal static class ProblemExamples
{
    /// <summary>Every <c>code</c> a problem can carry: DESIGN §4, plus the framework's own fallbacks.</summary>
    public static IReadOnlyList<string> Codes { get; } =
    [
        "validation_failed", "payload_too_large", "not_found", "wrong_login_key", "expired", "used_up", "burned",
        "unauthorized", "rate_limited", "store_unavailable", "unknown_endpoint", "method_not_allowed", "internal_error",
    ];

    public static ProblemExample Invalid(string field, string detail, string when) => new(ApiProblem.Validation(field, detail), when);

    public static ProblemExample InvalidAuthToken { get; } = Invalid(
        "authToken", "authToken must be 32 bytes in base64url without padding.", "The authToken is missing or not 32 bytes of base64url.");

    public static ProblemExample InvalidBody { get; } = Invalid(
        "body", "The body is not valid JSON of the expected shape.", "The body is not JSON. A field of the wrong type (\"1\" for 1) gets the same answer with that field's name.");

    public static ProblemExample SecretTooLarge { get; } = new(
        ApiProblem.PayloadTooLarge(1_048_576), "The ciphertext is larger than the server's limit (GET /api/v1/settings: maxCiphertextBytes).");

    public static ProblemExample RequestTooLarge { get; } = new(
        ApiProblem.Create(StatusCodes.Status413PayloadTooLarge, "payload_too_large", "The request is too large.", "A request with a key may be at most 16 KiB."),
        "The body is larger than 16 KiB.");

    public static ProblemExample NotFound { get; } = new(
        ApiProblem.NotFound(), "No secret has this id, or its tombstone was purged after the audit retention.");

    public static ProblemExample WrongLoginKey { get; } = new(
        ApiProblem.WrongLoginKey(), "The authToken does not match. Nothing is consumed; the attempt is logged and repeated attempts are limited.");

    public static ProblemExample Expired { get; } = new(ApiProblem.Expired(), "The time to live ran out; the ciphertext is deleted.");

    public static ProblemExample UsedUp { get; } = new(ApiProblem.UsedUp(), "Every login was used; the ciphertext is deleted.");

    public static ProblemExample Burned { get; } = new(ApiProblem.Burned(), "The sender or a recipient burned it; the ciphertext is deleted.");

    public static ProblemExample Unauthorized(string when) => new(ApiProblem.Unauthorized(new DefaultHttpContext().Response), when);

    public static ProblemExample RateLimited(string when) => new(ApiProblem.TooManyRequests(new DefaultHttpContext(), TimeSpan.FromSeconds(30)), when);

    public static ProblemExample StoreUnavailable { get; } = new(
        ApiProblem.StoreUnavailable(), "The storage cannot be reached. Nothing changed; retry after the Retry-After header's seconds.");

    /// <summary>The answer as the server writes it (the trace id differs on every request).</summary>
    public static JsonObject ToJson(ProblemExample example)
    {
        var problem = example.Problem.ProblemDetails;
        var json = new JsonObject
        {
            ["type"] = TypeFor(example.Status),
            ["title"] = problem.Title,
            ["status"] = example.Status,
            ["detail"] = problem.Detail,
            ["code"] = example.Code,
        };
        if (example.Field is { } field)
        {
            json["field"] = field;
        }

        json["traceId"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00";
        return json;
    }

    /// <summary>The <c>type</c> link ASP.NET Core fills in for each status: the RFC section that defines it.</summary>
    public static string TypeFor(int status) => status switch
    {
        400 => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        401 => "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        403 => "https://tools.ietf.org/html/rfc9110#section-15.5.4",
        404 => "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        410 => "https://tools.ietf.org/html/rfc9110#section-15.5.11",
        413 => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        429 => "https://tools.ietf.org/html/rfc6585#section-4",
        _ => "https://tools.ietf.org/html/rfc9110#section-15.6.4",
    };
}
