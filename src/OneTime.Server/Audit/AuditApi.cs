using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OneTime.Core;
using OneTime.Server.Storage;
using OneTime.Server.Web;
using OneTime.Server.Webhooks;

namespace OneTime.Server.Audit;

/// <summary>The team audit export: who received access to what, and when, across all secrets.</summary>
public static class AuditApi
{
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuditOptions>, AuditOptionsValidator>();
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section);
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();
        services.AddSingleton<AccessContextFactory>();
        services.AddHttpClient(AccessNotifier.HttpClientName);
        services.AddSingleton<AccessNotifier>();
        services.AddHostedService(sp => sp.GetRequiredService<AccessNotifier>());
        return services;
    }

    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/audit", ExportAsync)
            .WithTags("Audit")
            .WithName("ExportAudit")
            .WithSummary("Access events across all secrets, as JSON lines or CSV (admin API key)");
        return app;
    }

    public static AuditEventResponse ToResponse(AuditEvent recorded) => new(
        recorded.SecretId.Value,
        recorded.Label,
        recorded.Event.At,
        recorded.Event.Outcome.ToJson(),
        recorded.Event.Recipient,
        recorded.Event.ClientAddress,
        recorded.Event.UserAgent);

    private static async Task<IResult> ExportAsync(
        HttpContext context, string? since, string? until, string? format, ISecretStore store, TimeProvider time, IOptions<AdminOptions> admin)
    {
        var keys = admin.Value.ApiKeys?.Where(key => !string.IsNullOrWhiteSpace(key)).ToArray() ?? [];
        if (keys.Length == 0)
        {
            // Without admin keys the export is not there at all.
            return ApiProblem.UnknownEndpoint();
        }

        if (!BearerToken.TryRead(context.Request, out var presented) || !MatchesAny(presented, keys))
        {
            return ApiProblem.Unauthorized(context.Response);
        }

        if (!TryParseTime(since, out var from))
        {
            return ApiProblem.Validation("since", "since is required: an ISO 8601 UTC time such as 2026-12-01T00:00:00Z.");
        }

        var to = time.GetUtcNow().AddMilliseconds(1);
        if (until is not null && !TryParseTime(until, out to))
        {
            return ApiProblem.Validation("until", "until must be an ISO 8601 UTC time such as 2026-12-31T00:00:00Z.");
        }

        var csv = (format ?? "jsonl") switch
        {
            "jsonl" => false,
            "csv" => true,
            _ => (bool?)null,
        };
        if (csv is null)
        {
            return ApiProblem.Validation("format", "format must be jsonl or csv.");
        }

        context.Response.ContentType = csv.Value ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
        var events = store.ReadAuditAsync(from, to, context.RequestAborted);
        await (csv.Value ? WriteCsvAsync(context.Response, events) : WriteJsonLinesAsync(context.Response, events));
        return Results.Empty;
    }

    // Streamed line by line, so a month of events never sits in memory.
    private static async Task WriteJsonLinesAsync(HttpResponse response, IAsyncEnumerable<AuditEvent> events)
    {
        await foreach (var recorded in events)
        {
            var line = JsonSerializer.SerializeToUtf8Bytes(ToResponse(recorded), CoreJsonContext.Default.AuditEventResponse);
            await response.Body.WriteAsync(line);
            await response.Body.WriteAsync("\n"u8.ToArray());
        }
    }

    private static async Task WriteCsvAsync(HttpResponse response, IAsyncEnumerable<AuditEvent> events)
    {
        await response.WriteAsync("secretId,label,at,outcome,recipient,clientAddress,userAgent\n");
        var line = new StringBuilder();
        await foreach (var recorded in events)
        {
            var e = ToResponse(recorded);
            line.Clear();
            line.AppendJoin(
                ',',
                Csv(e.SecretId),
                Csv(e.Label),
                Csv(e.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)),
                Csv(e.Outcome),
                Csv(e.Recipient),
                Csv(e.ClientAddress),
                Csv(e.UserAgent));
            await response.WriteAsync(line.Append('\n').ToString());
        }
    }

    /// <summary>Quotes a field, and defuses text a spreadsheet would run as a formula (labels and names are typed by people).</summary>
    public static string Csv(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\n\r'") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static bool TryParseTime(string? text, out DateTimeOffset value) => DateTimeOffset.TryParse(
        text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

    // Hashing first gives equal lengths, so the comparison time says nothing about the key.
    private static bool MatchesAny(string presented, string[] keys)
    {
        var presentedHash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var match = false;
        foreach (var key in keys)
        {
            match |= CryptographicOperations.FixedTimeEquals(presentedHash, SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        }

        return match;
    }
}

[OptionsValidator]
internal sealed partial class AuditOptionsValidator : IValidateOptions<AuditOptions>;

[OptionsValidator]
internal sealed partial class WebhookOptionsValidator : IValidateOptions<WebhookOptions>;
