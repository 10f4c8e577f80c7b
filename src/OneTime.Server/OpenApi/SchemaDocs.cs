using System.Text.Json.Nodes;
using OneTime.Core;
using OneTime.Server.Storage;

namespace OneTime.Server.OpenApi;

/// <summary>What each wire field means, keyed by "Type.jsonName"; and which request fields are required.</summary>
internal static class SchemaDocs
{
    private const string Base64Url32 = "32 bytes in base64url without padding (43 characters).";

    public static IReadOnlyDictionary<string, string> Descriptions { get; } = new Dictionary<string, string>
    {
        ["CreateSecretRequest.ciphertext"] = "base64url (no padding) of the 12-byte nonce ‖ AES-256-GCM(encKey, nonce, payload JSON, aad \"onetime/v1\") with its 16-byte tag.",
        ["CreateSecretRequest.verifier"] = "SHA-256 of the authToken: " + Base64Url32,
        ["CreateSecretRequest.ttl"] = "Time to live: one of the server's codes (default 1h, 1d, 7d, 30d; see GET /api/v1/settings).",
        ["CreateSecretRequest.maxLogins"] = "How many successful opens are allowed: one of the server's counts (default 1, 2, 3, 5).",
        ["CreateSecretRequest.label"] = "An optional note for the sender's status page and the audit export, at most 200 characters. Stored unencrypted: never the secret.",
        ["CreateSecretResponse.id"] = "The secret's id: 16 random bytes in base64url (22 characters). The recipient's page is /s/{id}.",
        ["CreateSecretResponse.manageToken"] = "The sender's token for the status page (/m/{id}#manageToken), GET /manage and DELETE: " + Base64Url32 + " Shown only once.",
        ["CreateSecretResponse.expiresAt"] = "When the secret expires (UTC).",
        ["CreateSecretResponse.maxLogins"] = "The login count, as stored.",
        ["OpenSecretRequest.authToken"] = "HKDF-SHA256 of the Login key with info \"onetime/v1/open\": " + Base64Url32,
        ["OpenSecretRequest.recipient"] = "An optional name for the sender's access log, at most 100 characters.",
        ["OpenSecretResponse.ciphertext"] = "The ciphertext as it was created, to decrypt with the Login key.",
        ["BurnSecretRequest.authToken"] = "HKDF-SHA256 of the Login key with info \"onetime/v1/open\": " + Base64Url32,
        ["SecretStatusResponse.state"] = "Whether it can still be opened, and if not, why.",
        ["ManageSecretResponse.state"] = "Whether it can still be opened, and if not, why.",
        ["SecretStatusResponse.remainingLogins"] = "Opens left; 0 once it ended.",
        ["ManageSecretResponse.remainingLogins"] = "Opens left; 0 once it ended.",
        ["ManageSecretResponse.accessLog"] = "Every access attempt, oldest first.",
        ["AccessEventResponse.outcome"] = "How the attempt ended.",
        ["AuditEventResponse.outcome"] = "How the attempt ended.",
        ["AccessEventResponse.recipient"] = "The name the recipient gave, if any.",
        ["AccessEventResponse.clientAddress"] = "The client's address, shortened or left out as the server is configured (OneTime:Audit:ClientAddress).",
        ["AccessEventResponse.userAgent"] = "A short summary of the client's User-Agent.",
        ["SettingsResponse.timeToLive"] = "Time-to-live codes, safest first.",
        ["SettingsResponse.loginCounts"] = "Login counts, safest first.",
        ["SettingsResponse.maxCiphertextBytes"] = "The largest ciphertext (decoded bytes) the server accepts.",
    };

    /// <summary>Fields with a closed set of values.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Enums { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        ["SecretStatusResponse.state"] = States,
        ["ManageSecretResponse.state"] = States,
        ["AccessEventResponse.outcome"] = Outcomes,
        ["AuditEventResponse.outcome"] = Outcomes,
    };

    /// <summary>
    /// The request records have nullable properties so the handlers can answer a missing field with a
    /// validation problem naming it; on the wire these fields are required and never null.
    /// </summary>
    public static IReadOnlyDictionary<Type, string[]> RequiredRequestFields { get; } = new Dictionary<Type, string[]>
    {
        [typeof(CreateSecretRequest)] = ["ciphertext", "verifier", "ttl", "maxLogins"],
        [typeof(OpenSecretRequest)] = ["authToken"],
        [typeof(BurnSecretRequest)] = ["authToken"],
    };

    private static IReadOnlyList<string> States => [SecretStates.Available, SecretStates.Expired, SecretStates.UsedUp, SecretStates.Burned];

    private static IReadOnlyList<string> Outcomes => [.. Enum.GetValues<AccessOutcome>().Select(o => o.ToJson())];

    public static List<JsonNode> ToNodes(IEnumerable<string> values) => [.. values.Select(v => (JsonNode)JsonValue.Create(v))];
}
