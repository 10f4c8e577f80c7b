namespace OneTime.Core;

/// <summary><c>POST /api/v1/secrets</c>: what the client sends; the content is already encrypted.</summary>
public sealed record CreateSecretRequest(string? Ciphertext, string? Verifier, string? Ttl, int? MaxLogins, string? Label = null);

/// <summary>The answer to a create: the id for the URL and a token for the sender's status page.</summary>
public sealed record CreateSecretResponse(string Id, string ManageToken, DateTimeOffset ExpiresAt, int MaxLogins);

/// <summary><c>GET /api/v1/secrets/{id}</c>: the state, without consuming anything.</summary>
public sealed record SecretStatusResponse(string State, int RemainingLogins, DateTimeOffset ExpiresAt);

/// <summary><c>POST /api/v1/secrets/{id}/open</c>: proof of the key, and an optional name for the sender.</summary>
public sealed record OpenSecretRequest(string? AuthToken, string? Recipient = null);

/// <summary>The answer to a successful open: the ciphertext to decrypt on the client.</summary>
public sealed record OpenSecretResponse(string Ciphertext, int RemainingLogins, DateTimeOffset ExpiresAt);

/// <summary>Secret states as they appear in JSON.</summary>
public static class SecretStates
{
    /// <summary>Can be opened.</summary>
    public const string Available = "available";
    /// <summary>Its time to live ran out.</summary>
    public const string Expired = "expired";
    /// <summary>Its last login was used.</summary>
    public const string UsedUp = "used_up";
    /// <summary>The sender or recipient ended it early.</summary>
    public const string Burned = "burned";
}

/// <summary><c>GET /api/v1/settings</c>: the choices this server offers a sender.</summary>
public sealed record SettingsResponse(IReadOnlyList<string> TimeToLive, IReadOnlyList<int> LoginCounts, int MaxCiphertextBytes);

/// <summary><c>GET /api/v1/secrets/{id}/manage</c>: what the sender sees.</summary>
public sealed record ManageSecretResponse(
    string Id,
    string State,
    int RemainingLogins,
    int MaxLogins,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    string? Label,
    IReadOnlyList<AccessEventResponse> AccessLog);

/// <summary>One access attempt: when, how it ended, and who, as far as the server was told or configured to keep.</summary>
public sealed record AccessEventResponse(DateTimeOffset At, string Outcome, string? Recipient, string? ClientAddress, string? UserAgent);

/// <summary><c>POST /api/v1/secrets/{id}/burn</c>: the recipient ends the secret, proving the key.</summary>
public sealed record BurnSecretRequest(string? AuthToken);

/// <summary>One line of <c>GET /api/v1/audit</c>, and the body of a webhook call.</summary>
public sealed record AuditEventResponse(
    string SecretId, string? Label, DateTimeOffset At, string Outcome, string? Recipient, string? ClientAddress, string? UserAgent);
