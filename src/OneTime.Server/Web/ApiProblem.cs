using Microsoft.AspNetCore.Http.HttpResults;

namespace OneTime.Server.Web;

/// <summary>
/// RFC 9457 problem details with the stable <c>code</c> of DESIGN §4, so clients branch on codes
/// rather than on wording. Messages are written for the person who will read them.
/// </summary>
public static class ApiProblem
{
    public static ProblemHttpResult Validation(string field, string detail) => Create(
        StatusCodes.Status400BadRequest, "validation_failed", "The request is not valid.", detail, field);

    public static ProblemHttpResult PayloadTooLarge(long maxBytes) => Create(
        StatusCodes.Status413PayloadTooLarge,
        "payload_too_large",
        "The secret is too large.",
        $"The encrypted content may be at most {maxBytes / 1024} KiB. Share a shorter text or split it.");

    public static ProblemHttpResult NotFound() => Create(
        StatusCodes.Status404NotFound,
        "not_found",
        "There is no such secret.",
        "The link may be mistyped, or the secret was deleted long ago.");

    public const string NothingHereTitle = "There is nothing at this address.";

    public const string NothingHereDetail = "Check the path: the API is under /api/v1 at the server's address.";

    /// <summary>A path that is no part of the API: a wrong server address, not a missing secret.</summary>
    public static ProblemHttpResult UnknownEndpoint() => Create(StatusCodes.Status404NotFound, "unknown_endpoint", NothingHereTitle, NothingHereDetail);

    public static ProblemHttpResult WrongLoginKey() => Create(
        StatusCodes.Status403Forbidden,
        "wrong_login_key",
        "The Login key is not right.",
        "Check the key for missing characters or extra text. Nothing was used up.");

    public static ProblemHttpResult Expired() => Create(
        StatusCodes.Status410Gone, "expired", "This secret has expired.", "Its time to live ran out and its content was deleted.");

    public static ProblemHttpResult UsedUp() => Create(
        StatusCodes.Status410Gone, "used_up", "This secret was already opened.", "All its logins were used and its content was deleted.");

    public static ProblemHttpResult Burned() => Create(
        StatusCodes.Status410Gone, "burned", "This secret was deleted.", "It was deleted before its time ran out.");

    public static ProblemHttpResult Unauthorized(HttpResponse response)
    {
        response.Headers.WWWAuthenticate = "Bearer";
        return Create(
            StatusCodes.Status401Unauthorized,
            "unauthorized",
            "A valid token is required.",
            "Send the token as 'Authorization: Bearer <token>'.");
    }

    public static ProblemHttpResult TooManyRequests(HttpContext context, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Create(StatusCodes.Status429TooManyRequests, "rate_limited", "Too many attempts.", $"Please wait {seconds} seconds and try again.");
    }

    public static ProblemHttpResult StoreUnavailable() => Create(
        StatusCodes.Status503ServiceUnavailable,
        "store_unavailable",
        "OneTime cannot reach its storage.",
        "Nothing was changed. Please try again in a moment.");

    public static ProblemHttpResult Create(int status, string code, string title, string? detail = null, string? field = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        if (field is not null)
        {
            extensions["field"] = field;
        }

        // The framework knows a type link for RFC 9110's codes only; 429 is RFC 6585's.
        var type = status == StatusCodes.Status429TooManyRequests ? "https://tools.ietf.org/html/rfc6585#section-4" : null;
        return TypedResults.Problem(detail, statusCode: status, title: title, type: type, extensions: extensions);
    }
}
