using OneTime.Core;

namespace OneTime.Server.Storage;

/// <summary>
/// Where secrets live. Stores hold only ciphertext and hashes; nothing here can decrypt.
/// Every backend passes the same conformance suite (tests/OneTime.Server.Tests/Storage).
/// </summary>
public interface ISecretStore
{
    /// <summary>Saves a new secret; durable once the task completes.</summary>
    Task AddAsync(NewSecret secret, CancellationToken ct);

    /// <summary>The state of a secret or tombstone, consuming nothing; null once purged or never known.</summary>
    Task<SecretStatus?> GetStatusAsync(SecretId id, DateTimeOffset now, CancellationToken ct);

    /// <summary>
    /// Atomically: check the verifier, the state and the expiry (at <c>access.At</c>), use one
    /// login, and delete the ciphertext when the last login is used. Two callers can never both use
    /// the same login, and a wrong verifier consumes nothing. Every outcome but NotFound is added
    /// to the secret's access log in the same step.
    /// </summary>
    Task<OpenResult> TryOpenAsync(SecretId id, byte[] verifier, AccessContext access, CancellationToken ct);

    /// <summary>Status, label and access log for the holder of the manage token; null when unknown or the hash does not match.</summary>
    Task<ManagedSecret?> GetManagedAsync(SecretId id, byte[] manageTokenHash, DateTimeOffset now, CancellationToken ct);

    /// <summary>
    /// Atomically ends an available secret early, deleting its ciphertext, and logs who did it.
    /// A wrong recipient key is logged as <see cref="AccessOutcome.WrongLoginKey"/>.
    /// </summary>
    Task<BurnResult> BurnAsync(SecretId id, BurnCredential credential, AccessContext access, CancellationToken ct);

    /// <summary>Access events with <paramref name="since"/> ≤ at &lt; <paramref name="until"/>, oldest first, streamed.</summary>
    IAsyncEnumerable<AuditEvent> ReadAuditAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken ct);

    /// <summary>
    /// Deletes the ciphertext of secrets whose time ran out (leaving a tombstone) and removes
    /// tombstones and access events past their retention. Safe to run at any time, on every node.
    /// </summary>
    Task<int> PurgeAsync(DateTimeOffset now, CancellationToken ct);
}
