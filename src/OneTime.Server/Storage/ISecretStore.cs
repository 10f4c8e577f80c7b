using OneTime.Core;

namespace OneTime.Server.Storage;

/// <summary>
/// Where secrets live. Stores hold only ciphertext and hashes; nothing here can decrypt.
/// Every backend passes the same conformance suite.
/// </summary>
public interface ISecretStore
{
    /// <summary>Saves a new secret; durable once the task completes.</summary>
    Task AddAsync(NewSecret secret, CancellationToken ct);

    /// <summary>The state of a secret or tombstone, consuming nothing; null once purged or never known.</summary>
    Task<SecretStatus?> GetStatusAsync(SecretId id, DateTimeOffset now, CancellationToken ct);

    /// <summary>
    /// Atomically: check the verifier, the state and the expiry, use one login, and delete the
    /// ciphertext when the last login is used. Two callers can never both use the same login,
    /// and a wrong verifier consumes nothing.
    /// </summary>
    Task<OpenResult> TryOpenAsync(SecretId id, byte[] verifier, DateTimeOffset now, CancellationToken ct);

    /// <summary>
    /// Deletes the ciphertext of secrets whose time ran out (leaving a tombstone) and removes
    /// tombstones past their retention. Safe to run at any time; returns how many rows changed.
    /// </summary>
    Task<int> PurgeAsync(DateTimeOffset now, CancellationToken ct);
}
