using OneTime.Core;

namespace OneTime.Server.Storage;

/// <summary>The four states of DESIGN §3.</summary>
public enum SecretState
{
    Available = 0,
    Expired = 1,
    UsedUp = 2,
    Burned = 3,
}

/// <summary>A secret as the API hands it to a store: ciphertext and hashes only.</summary>
public sealed record NewSecret(
    SecretId Id,
    byte[] Ciphertext,
    byte[] Verifier,
    byte[] ManageTokenHash,
    int MaxLogins,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset PurgeAt,
    string? Label);

/// <summary>What status answers: state, logins left (0 unless available) and expiry.</summary>
public sealed record SecretStatus(SecretState State, int RemainingLogins, DateTimeOffset ExpiresAt);

public enum OpenOutcome
{
    Opened,
    WrongKey,
    NotFound,
    Expired,
    UsedUp,
    Burned,
}

/// <summary>
/// The result of an open; <see cref="Ciphertext"/> is set only when <see cref="Outcome"/> is
/// Opened, and <see cref="Recorded"/> is the access event the store logged (none for NotFound).
/// </summary>
public sealed record OpenResult(
    OpenOutcome Outcome, byte[]? Ciphertext = null, int RemainingLogins = 0, DateTimeOffset ExpiresAt = default, AuditEvent? Recorded = null)
{
    public static OpenResult NotFound { get; } = new(OpenOutcome.NotFound);

    public static OpenOutcome RefusalFor(SecretState state) => state switch
    {
        SecretState.Expired => OpenOutcome.Expired,
        SecretState.UsedUp => OpenOutcome.UsedUp,
        SecretState.Burned => OpenOutcome.Burned,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Not a final state."),
    };
}

/// <summary>The result of a burn, with the access event the store logged, if any.</summary>
public sealed record BurnResult(BurnOutcome Outcome, AuditEvent? Recorded = null);
