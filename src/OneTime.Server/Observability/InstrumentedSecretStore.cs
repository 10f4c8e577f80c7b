using System.Diagnostics;
using System.Runtime.CompilerServices;
using OneTime.Core;
using OneTime.Server.Storage;

namespace OneTime.Server.Observability;

/// <summary>Times every store operation for <c>onetime_store_operation_duration_seconds</c>, whatever the backend.</summary>
public sealed class InstrumentedSecretStore(ISecretStore inner, OneTimeMetrics metrics) : ISecretStore
{
    public Task AddAsync(NewSecret secret, CancellationToken ct) =>
        MeasureAsync("add", async () => { await inner.AddAsync(secret, ct); return true; });

    public Task<SecretStatus?> GetStatusAsync(SecretId id, DateTimeOffset now, CancellationToken ct) =>
        MeasureAsync("status", () => inner.GetStatusAsync(id, now, ct));

    public Task<OpenResult> TryOpenAsync(SecretId id, byte[] verifier, AccessContext access, CancellationToken ct) =>
        MeasureAsync("open", () => inner.TryOpenAsync(id, verifier, access, ct));

    public Task<ManagedSecret?> GetManagedAsync(SecretId id, byte[] manageTokenHash, DateTimeOffset now, CancellationToken ct) =>
        MeasureAsync("manage", () => inner.GetManagedAsync(id, manageTokenHash, now, ct));

    public Task<BurnResult> BurnAsync(SecretId id, BurnCredential credential, AccessContext access, CancellationToken ct) =>
        MeasureAsync("burn", () => inner.BurnAsync(id, credential, access, ct));

    public async IAsyncEnumerable<AuditEvent> ReadAuditAsync(DateTimeOffset since, DateTimeOffset until, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var e in inner.ReadAuditAsync(since, until, ct))
        {
            yield return e;
        }
    }

    public Task<int> PurgeAsync(DateTimeOffset now, CancellationToken ct) =>
        MeasureAsync("purge", () => inner.PurgeAsync(now, ct));

    private async Task<T> MeasureAsync<T>(string operation, Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        var failed = true;
        try
        {
            var result = await call();
            failed = false;
            return result;
        }
        finally
        {
            metrics.StoreOperation(operation, Stopwatch.GetElapsedTime(started), failed);
        }
    }
}
