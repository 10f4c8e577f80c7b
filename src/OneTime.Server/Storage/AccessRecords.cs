using OneTime.Core;

namespace OneTime.Server.Storage;

/// <summary>What happened in one access attempt; written to the access log as snake_case.</summary>
public enum AccessOutcome
{
    Opened,
    WrongLoginKey,
    RefusedExpired,
    RefusedUsedUp,
    RefusedBurned,
    BurnedBySender,
    BurnedByRecipient,
}

/// <summary>Who is asking and when: recorded with the outcome, already shortened as configured.</summary>
public sealed record AccessContext(DateTimeOffset At, string? Recipient = null, string? ClientAddress = null, string? UserAgent = null);

/// <summary>One line of a secret's access log.</summary>
public sealed record AccessEvent(DateTimeOffset At, AccessOutcome Outcome, string? Recipient, string? ClientAddress, string? UserAgent);

/// <summary>An access event with the secret it belongs to, for the team audit export and webhooks.</summary>
public sealed record AuditEvent(SecretId SecretId, string? Label, AccessEvent Event);

/// <summary>What the sender sees: status, the label and the access log, oldest first.</summary>
public sealed record ManagedSecret(
    SecretStatus Status, int MaxLogins, DateTimeOffset CreatedAt, string? Label, IReadOnlyList<AccessEvent> AccessLog);

/// <summary>Who burns: the sender with the manage token's hash, or the recipient with the key's verifier.</summary>
public sealed record BurnCredential(bool BySender, byte[] Hash)
{
    public static BurnCredential Sender(byte[] manageTokenHash) => new(true, manageTokenHash);

    public static BurnCredential Recipient(byte[] verifier) => new(false, verifier);
}

public enum BurnOutcome
{
    /// <summary>It was available and is now burned, its ciphertext deleted.</summary>
    Burned,

    /// <summary>The credential is right but the secret had already ended; nothing changed.</summary>
    AlreadyGone,

    /// <summary>The token or key does not match; nothing changed.</summary>
    Refused,

    /// <summary>There is no such secret (never was, or purged).</summary>
    NotFound,
}

public static class AccessOutcomes
{
    public static string ToJson(this AccessOutcome outcome) => outcome switch
    {
        AccessOutcome.Opened => "opened",
        AccessOutcome.WrongLoginKey => "wrong_login_key",
        AccessOutcome.RefusedExpired => "refused_expired",
        AccessOutcome.RefusedUsedUp => "refused_used_up",
        AccessOutcome.RefusedBurned => "refused_burned",
        AccessOutcome.BurnedBySender => "burned_by_sender",
        _ => "burned_by_recipient",
    };

    /// <summary>The inverse of <see cref="ToJson"/>, for stores that keep the outcome as text.</summary>
    public static AccessOutcome FromJson(string outcome) => outcome switch
    {
        "opened" => AccessOutcome.Opened,
        "wrong_login_key" => AccessOutcome.WrongLoginKey,
        "refused_expired" => AccessOutcome.RefusedExpired,
        "refused_used_up" => AccessOutcome.RefusedUsedUp,
        "refused_burned" => AccessOutcome.RefusedBurned,
        "burned_by_sender" => AccessOutcome.BurnedBySender,
        "burned_by_recipient" => AccessOutcome.BurnedByRecipient,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Not a known access outcome."),
    };

    public static AccessOutcome ForOpen(OpenOutcome outcome) => outcome switch
    {
        OpenOutcome.Opened => AccessOutcome.Opened,
        OpenOutcome.WrongKey => AccessOutcome.WrongLoginKey,
        OpenOutcome.Expired => AccessOutcome.RefusedExpired,
        OpenOutcome.UsedUp => AccessOutcome.RefusedUsedUp,
        OpenOutcome.Burned => AccessOutcome.RefusedBurned,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Nothing is logged for an unknown secret."),
    };
}
