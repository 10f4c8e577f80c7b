using System.Globalization;
using System.Text.Json;
using OneTime.Core;

namespace OneTime.Server.Storage;

/// <summary>
/// One access event as the Redis scripts write it: a 16-digit sequence number followed by
/// <c>{"at":ms,"o":"opened","id":"…","label":…,"r":…,"a":…,"u":…}</c>. The scripts fill in the
/// outcome and the label; the node supplies the rest as ready-made JSON, so Lua only concatenates.
/// </summary>
internal static class RedisAccessEntry
{
    private const int SequenceDigits = 16;

    /// <summary>The JSON members describing who asked, without braces, for the scripts to splice in.</summary>
    public static string Who(AccessContext access) =>
        $"\"r\":{Literal(access.Recipient)},\"a\":{Literal(access.ClientAddress)},\"u\":{Literal(access.UserAgent)}";

    /// <summary>A JSON string literal, or <c>null</c>.</summary>
    public static string Literal(string? value) => value is null ? "null" : $"\"{JsonEncodedText.Encode(value).Value}\"";

    public static string? ParseLiteral(string literal)
    {
        using var document = JsonDocument.Parse(literal);
        return document.RootElement.GetString();
    }

    public static (long Sequence, AuditEvent Event) Parse(string entry)
    {
        var sequence = long.Parse(entry.AsSpan(0, SequenceDigits), CultureInfo.InvariantCulture);
        using var document = JsonDocument.Parse(entry.AsMemory(SequenceDigits));
        var json = document.RootElement;
        SecretId.TryParse(json.GetProperty("id").GetString(), out var id);
        var accessEvent = new AccessEvent(
            DateTimeOffset.FromUnixTimeMilliseconds(json.GetProperty("at").GetInt64()),
            AccessOutcomes.FromJson(json.GetProperty("o").GetString()!),
            json.GetProperty("r").GetString(),
            json.GetProperty("a").GetString(),
            json.GetProperty("u").GetString());
        return (sequence, new AuditEvent(id!.Value, json.GetProperty("label").GetString(), accessEvent));
    }
}
