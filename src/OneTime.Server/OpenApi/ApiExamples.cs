using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using OneTime.Core;

namespace OneTime.Server.OpenApi;

/// <summary>
/// Example values, computed from the envelope test vector of DESIGN §2 (key
/// <c>7KD2M-QX4PA-9TRZ3-W8HJN-C5VEB</c>, fixed nonce, content "hello"), so a client author can
/// check an implementation against the examples themselves.
/// </summary>
internal static class ApiExamples
{
    public const string Id = "Qm9vb29vb29vb29vb29vbw";

    public static readonly LoginKey Key = LoginKey.Parse("7KD2M-QX4PA-9TRZ3-W8HJN-C5VEB");

    public static readonly DateTimeOffset CreatedAt = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset ExpiresAt = CreatedAt.AddDays(1);

    public static string AuthToken { get; } = Envelope.ToBase64Url(Envelope.DeriveAuthToken(Key));

    public static string Verifier { get; } = Envelope.ToBase64Url(Envelope.ComputeVerifier(Envelope.DeriveAuthToken(Key)));

    public static string Ciphertext { get; } = Envelope.ToBase64Url(
        Envelope.Seal(Key, new SecretPayload("hello"), Enumerable.Range(0, Envelope.NonceSize).Select(i => (byte)i).ToArray()));

    public static string ManageToken { get; } = Envelope.ToBase64Url(Enumerable.Range(32, 32).Select(i => (byte)i).ToArray());

    public static JsonNode Settings => Node(new SettingsResponse(Lifetime.DefaultCodes, Lifetime.DefaultLoginCounts, 1_048_576), CoreJsonContext.Default.SettingsResponse);

    public static JsonNode CreateRequest => Node(new CreateSecretRequest(Ciphertext, Verifier, "1d", 2, "staging database"), CoreJsonContext.Default.CreateSecretRequest);

    public static JsonNode Created => Node(new CreateSecretResponse(Id, ManageToken, ExpiresAt, 2), CoreJsonContext.Default.CreateSecretResponse);

    public static JsonNode Status => Node(new SecretStatusResponse(SecretStates.Available, 2, ExpiresAt), CoreJsonContext.Default.SecretStatusResponse);

    public static JsonNode OpenRequest => Node(new OpenSecretRequest(AuthToken, "Alice"), CoreJsonContext.Default.OpenSecretRequest);

    public static JsonNode Opened => Node(new OpenSecretResponse(Ciphertext, 1, ExpiresAt), CoreJsonContext.Default.OpenSecretResponse);

    public static JsonNode BurnRequest => Node(new BurnSecretRequest(AuthToken), CoreJsonContext.Default.BurnSecretRequest);

    public static AccessEventResponse Access => new(CreatedAt.AddMinutes(12), "opened", "Alice", "203.0.113.0/24", "Firefox on Linux");

    public static JsonNode Managed => Node(
        new ManageSecretResponse(Id, SecretStates.Available, 1, 2, CreatedAt, ExpiresAt, "staging database", [Access]),
        CoreJsonContext.Default.ManageSecretResponse);

    public static AuditEventResponse AuditEvent => new(Id, "staging database", Access.At, Access.Outcome, Access.Recipient, Access.ClientAddress, Access.UserAgent);

    public static string AuditJsonLine => JsonSerializer.Serialize(AuditEvent, CoreJsonContext.Default.AuditEventResponse) + "\n";

    public static string AuditCsv =>
        "secretId,label,at,outcome,recipient,clientAddress,userAgent\n"
        + $"{Id},staging database,2026-12-01T09:12:00.000Z,opened,Alice,203.0.113.0/24,Firefox on Linux\n";

    private static JsonNode Node<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.SerializeToNode(value, type)!;
}
