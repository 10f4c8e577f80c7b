using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OneTime.Server.Observability;
using OneTime.Server.Storage;

namespace OneTime.Server.Tests.Storage;

/// <summary>Expiry, the sweeper and tombstones: how a secret ends by time, and what stays after (DESIGN §3).</summary>
public abstract partial class SecretStoreConformanceTests
{
    [Fact]
    public async Task An_Open_After_The_Expiry_Is_Refused_And_Logged_As_Refused_Expired()
    {
        var (secret, verifier) = await AddAsync(maxLogins: 2, label: "for Acme");
        var late = new AccessContext(secret.ExpiresAt.AddMinutes(5), "Dana", "203.0.113.0/24", "Firefox 128 on Windows");

        var refused = await Store.TryOpenAsync(secret.Id, verifier, late, Ct);

        var expected = new AuditEvent(secret.Id, "for Acme", new AccessEvent(late.At, AccessOutcome.RefusedExpired, "Dana", "203.0.113.0/24", "Firefox 128 on Windows"));
        Assert.Equal((OpenOutcome.Expired, null), (refused.Outcome, refused.Ciphertext));
        Assert.Equal(expected, refused.Recorded);
        var managed = await ManagedAsync(secret, late.At);
        Assert.Equal(new SecretStatus(SecretState.Expired, 0, secret.ExpiresAt), managed.Status);
        Assert.Equal([expected.Event], managed.AccessLog);
        Assert.Equal([expected], await ReadAuditAsync(secret.ExpiresAt, late.At.AddMilliseconds(1)));
    }

    [Fact]
    public async Task An_Open_After_The_Sweeper_Ended_It_Is_Refused_As_Expired_Even_By_A_Lagging_Clock()
    {
        var (secret, verifier) = await AddAsync(maxLogins: 1);
        await Store.PurgeAsync(secret.ExpiresAt, Ct);

        // By this node's clock there is time left, but the ciphertext is gone: Expired, and logged so.
        var lagging = new AccessContext(secret.ExpiresAt.AddMinutes(-10), "Dana");
        var refused = await Store.TryOpenAsync(secret.Id, verifier, lagging, Ct);

        Assert.Equal((OpenOutcome.Expired, null), (refused.Outcome, refused.Ciphertext));
        Assert.Equal(AccessOutcome.RefusedExpired, refused.Recorded?.Event.Outcome);
        var managed = await ManagedAsync(secret, lagging.At);
        Assert.Equal(SecretState.Expired, managed.Status.State);
        Assert.Equal([new AccessEvent(lagging.At, AccessOutcome.RefusedExpired, "Dana", null, null)], managed.AccessLog);
        Assert.Equal([AccessOutcome.RefusedExpired], (await ReadAuditAsync(Now, secret.ExpiresAt)).Select(e => e.Event.Outcome));
    }

    [Fact]
    public async Task The_Sweeper_On_A_Fake_Clock_Ends_A_Secret_When_Its_Time_Is_Up_And_Purges_It_After_Retention()
    {
        var time = new FakeTimeProvider(Now);
        var watched = new SweepWatchingStore(Store);
        var (secret, verifier) = await AddAsync(maxLogins: 2);
        var (later, laterVerifier) = await AddAsync(maxLogins: 1, ttl: TimeSpan.FromDays(1));
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var sweeper = new ExpirySweeper(
            watched, time, Options.Create(new StorageOptions()), new OneTimeMetrics(meters.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), NullLogger<ExpirySweeper>.Instance);
        await sweeper.StartAsync(Ct);
        try
        {
            await watched.SweptAsync(Now, Ct);
            Assert.Equal(SecretState.Available, (await Store.GetStatusAsync(secret.Id, Now, Ct))!.State);

            time.Advance(secret.ExpiresAt - Now);
            await watched.SweptAsync(secret.ExpiresAt, Ct);

            // Asked by an earlier clock, so only the sweeper can have ended it: no ciphertext comes back.
            Assert.Equal(new SecretStatus(SecretState.Expired, 0, secret.ExpiresAt), await Store.GetStatusAsync(secret.Id, Now, Ct));
            Assert.Equal(OpenOutcome.Expired, (await Store.TryOpenAsync(secret.Id, verifier, new AccessContext(Now), Ct)).Outcome);
            Assert.Equal(SecretState.Available, (await Store.GetStatusAsync(later.Id, Now, Ct))!.State);

            time.Advance(secret.PurgeAt - secret.ExpiresAt);
            await watched.SweptAsync(secret.PurgeAt, Ct);

            Assert.Null(await Store.GetStatusAsync(secret.Id, Now, Ct));
            Assert.Null(await Store.GetManagedAsync(secret.Id, SHA256.HashData(ManageToken(secret)), Now, Ct));
            Assert.Equal(OpenOutcome.NotFound, (await Store.TryOpenAsync(secret.Id, verifier, new AccessContext(Now), Ct)).Outcome);
            Assert.Equal(new SecretStatus(SecretState.Expired, 0, later.ExpiresAt), await Store.GetStatusAsync(later.Id, Now, Ct));
            Assert.Equal(OpenOutcome.Expired, (await Store.TryOpenAsync(later.Id, laterVerifier, new AccessContext(Now), Ct)).Outcome);
        }
        finally
        {
            await sweeper.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_Used_Up_Or_Burned_Tombstone_Keeps_Its_Reason_After_The_Expiry_Passes()
    {
        var (usedUp, usedUpVerifier) = await AddAsync(maxLogins: 1);
        var (burned, burnedVerifier) = await AddAsync(maxLogins: 1);
        await Store.TryOpenAsync(usedUp.Id, usedUpVerifier, new AccessContext(Now), Ct);
        await Store.BurnAsync(burned.Id, BurnCredential.Recipient(burnedVerifier), new AccessContext(Now), Ct);
        var afterExpiry = usedUp.ExpiresAt.AddHours(1);

        await Store.PurgeAsync(afterExpiry, Ct);

        Assert.Equal(new SecretStatus(SecretState.UsedUp, 0, usedUp.ExpiresAt), await Store.GetStatusAsync(usedUp.Id, afterExpiry, Ct));
        Assert.Equal(new SecretStatus(SecretState.Burned, 0, burned.ExpiresAt), await Store.GetStatusAsync(burned.Id, afterExpiry, Ct));
        Assert.Equal(OpenOutcome.UsedUp, (await Store.TryOpenAsync(usedUp.Id, usedUpVerifier, new AccessContext(afterExpiry), Ct)).Outcome);
        Assert.Equal(OpenOutcome.Burned, (await Store.TryOpenAsync(burned.Id, burnedVerifier, new AccessContext(afterExpiry), Ct)).Outcome);
        Assert.Equal(
            [AccessOutcome.Opened, AccessOutcome.RefusedUsedUp],
            (await ManagedAsync(usedUp, afterExpiry)).AccessLog.Select(e => e.Outcome));
        Assert.Equal(
            [AccessOutcome.BurnedByRecipient, AccessOutcome.RefusedBurned],
            (await ManagedAsync(burned, afterExpiry)).AccessLog.Select(e => e.Outcome));
    }

    [Fact]
    public async Task Looking_At_A_Secret_Consumes_Nothing_And_Logs_Nothing()
    {
        var (secret, verifier) = await AddAsync(maxLogins: 2);

        for (var i = 0; i < 5; i++)
        {
            await Store.GetStatusAsync(secret.Id, Now, Ct);
            await Store.GetManagedAsync(secret.Id, SHA256.HashData(ManageToken(secret)), Now, Ct);
        }

        var managed = await ManagedAsync(secret, Now);
        Assert.Equal(new SecretStatus(SecretState.Available, 2, secret.ExpiresAt), managed.Status);
        Assert.Empty(managed.AccessLog);
        Assert.Equal(1, (await Store.TryOpenAsync(secret.Id, verifier, new AccessContext(Now), Ct)).RemainingLogins);
    }

    [Fact]
    public async Task Racing_Opens_And_The_Purge_At_The_End_Of_Retention_Never_Open_And_Never_Fail()
    {
        // Never swept at its expiry, so the purge takes the secret straight from Available to gone.
        var (secret, verifier) = await AddAsync(maxLogins: 5);
        var late = new AccessContext(secret.PurgeAt.AddMilliseconds(-1));

        var opens = Enumerable.Range(0, 50).Select(_ => Task.Run(() => Store.TryOpenAsync(secret.Id, verifier, late, Ct), Ct)).ToList();
        var purge = Task.Run(() => Store.PurgeAsync(secret.PurgeAt, Ct), Ct);
        await Task.WhenAll([.. opens, purge]);

        Assert.Subset(new HashSet<OpenOutcome> { OpenOutcome.Expired, OpenOutcome.NotFound }, opens.Select(o => o.Result.Outcome).ToHashSet());
        // A sweep may pass over a row that a racing open holds (PostgreSQL's SKIP LOCKED); the
        // sweeper's next round takes it, as a few more purges do here.
        for (var round = 0; round < 10 && await Store.GetStatusAsync(secret.Id, Now, Ct) is not null; round++)
        {
            await Store.PurgeAsync(secret.PurgeAt, Ct);
        }

        Assert.Null(await Store.GetStatusAsync(secret.Id, Now, Ct));
        Assert.Empty(await ReadAuditAsync(Now, secret.PurgeAt));
    }

    private async Task<ManagedSecret> ManagedAsync(NewSecret secret, DateTimeOffset now)
    {
        var managed = await Store.GetManagedAsync(secret.Id, SHA256.HashData(ManageToken(secret)), now, Ct);
        Assert.NotNull(managed);
        return managed;
    }
}
