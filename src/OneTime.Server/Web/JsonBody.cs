using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace OneTime.Server.Web;

/// <summary>
/// Reads a JSON body with a size limit and turns every failure into problem details. The
/// framework's own binding answers malformed JSON with an empty 400, and an oversized body
/// with an exception; clients deserve the same <c>code</c>-bearing answers everywhere.
/// </summary>
public static class JsonBody
{
    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(
        HttpRequest request, JsonTypeInfo<T> type, long maxBytes, ProblemHttpResult tooLarge, CancellationToken ct)
        where T : class
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, tooLarge);
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync(request.Body, type, ct);
            return value is null
                ? (null, ApiProblem.Validation("body", "The body must be a JSON object."))
                : (value, null);
        }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 1 } path ? path.TrimStart('$', '.') : "body";
            return (null, ApiProblem.Validation(where, "The body is not valid JSON of the expected shape."));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, tooLarge);
        }
        catch (BadHttpRequestException)
        {
            // The body ended before its Content-Length, or came too slowly: the client's doing, not
            // an error of ours to log (usually nobody is left to read the answer).
            return (null, ApiProblem.Validation("body", "The body ended before it was complete."));
        }
    }
}
