using System.Threading.Channels;
using OneTime.Core;
using OneTime.Server.Storage;

namespace OneTime.Server.Tests.Storage;

/// <summary>
/// Passes everything to the real store and tells the test each time a purge has finished, with the
/// time it was asked for: the sweeper runs in the background, and this is how a test knows that a
/// sweep by the (fake) clock's new time is done, without sleeping.
/// </summary>
internal sealed class SweepWatchingStore(ISecretStore inner) : ISecretStore
{
    private readonly Channel<DateTimeOffset> _swept = Channel.CreateUnbounded<DateTimeOffset>();

    /// <summary>Waits until a purge asked for <paramref name="atLeast"/> or later has finished.</summary>
    public async Task SweptAsync(DateTimeOffset atLeast, CancellationToken ct)
    {
        // Only a guard against a sweeper that never sweeps again, so the test fails instead of hanging.
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(ct);
        guard.CancelAfter(TimeSpan.FromMinutes(1));
        while (await _swept.Reader.ReadAsync(guard.Token) < atLeast)
        {
        }
    }

    public async Task<int> PurgeAsync(DateTimeOffset now, CancellationToken ct)
    {
        var changed = await inner.PurgeAsync(now, ct);
        _swept.Writer.TryWrite(now);
        return changed;
    }

    public Task AddAsync(NewSecret secret, CancellationToken ct) => inner.AddAsync(secret, ct);

    public Task<SecretStatus?> GetStatusAsync(SecretId id, DateTimeOffset now, CancellationToken ct) => inner.GetStatusAsync(id, now, ct);

    public Task<OpenResult> TryOpenAsync(SecretId id, byte[] verifier, AccessContext access, CancellationToken ct) =>
        inner.TryOpenAsync(id, verifier, access, ct);

    public Task<ManagedSecret?> GetManagedAsync(SecretId id, byte[] manageTokenHash, DateTimeOffset now, CancellationToken ct) =>
        inner.GetManagedAsync(id, manageTokenHash, now, ct);

    public Task<BurnResult> BurnAsync(SecretId id, BurnCredential credential, AccessContext access, CancellationToken ct) =>
        inner.BurnAsync(id, credential, access, ct);

    public IAsyncEnumerable<AuditEvent> ReadAuditAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken ct) =>
        inner.ReadAuditAsync(since, until, ct);
}
