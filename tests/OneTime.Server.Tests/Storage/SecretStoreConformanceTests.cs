using System.Security.Cryptography;
using OneTime.Core;
using OneTime.Server.Storage;

namespace OneTime.Server.Tests.Storage;

/// <summary>
/// The rules of DESIGN §3 that every <see cref="ISecretStore"/> must keep, written once; each
/// backend is a small subclass that says how to make a fresh store.
/// </summary>
public abstract partial class SecretStoreConformanceTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    protected ISecretStore Store { get; private set; } = null!;

    protected abstract ValueTask<ISecretStore> CreateStoreAsync();

    public virtual async ValueTask InitializeAsync() => Store = await CreateStoreAsync();

    public virtual ValueTask DisposeAsync()
    {
        (Store as IDisposable)?.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task A_New_Secret_Is_Available_With_All_Its_Logins()
    {
        var (secret, _) = await AddAsync(maxLogins: 3);

        var status = await Store.GetStatusAsync(secret.Id, Now, Ct);

        Assert.Equal(new SecretStatus(SecretState.Available, 3, secret.ExpiresAt), status);
    }

    [Fact]
    public async Task An_Unknown_Id_Has_No_Status_And_Cannot_Be_Opened()
    {
        Assert.Null(await Store.GetStatusAsync(SecretId.New(), Now, Ct));
        Assert.Equal(OpenOutcome.NotFound, (await Store.TryOpenAsync(SecretId.New(), Verifier(), new AccessContext(Now), Ct)).Outcome);
    }

    [Fact]
    public async Task Each_Open_Uses_One_Login_And_Returns_The_Ciphertext_Until_Used_Up()
    {
        var (secret, verifier) = await AddAsync(maxLogins: 2);

        var first = await Store.TryOpenAsync(secret.Id, verifier, new AccessContext(Now), Ct);
        var second = await Store.TryOpenAsync(secret.Id, verifier, new AccessContext(Now), Ct);
        var third = await Store.TryOpenAsync(secret.Id, verifier, new AccessContext(Now), Ct);

        Assert.Equal((OpenOutcome.Opened, 1), (first.Outcome, first.RemainingLogins));
        Assert.Equal(secret.Ciphertext, first.Ciphertext);
        Assert.Equal((OpenOutcome.Opened, 0), (second.Outcome, second.RemainingLogins));
        Assert.Equal(secret.Ciphertext, second.Ciphertext);
        Assert.Equal(OpenOutcome.UsedUp, third.Outcome);
        Assert.Null(third.Ciphertext);
        Assert.Equal(new SecretStatus(SecretState.UsedUp, 0, secret.ExpiresAt), await Store.GetStatusAsync(secret.Id, Now, Ct));
    }

    [Fact]
    public async Task A_Wrong_Verifier_Consumes_Nothing()
    {
        var (secret, verifier) = await AddAsync(maxLogins: 1);

        var wrong = await Store.TryOpenAsync(secret.Id, Verifier(), new AccessContext(Now), Ct);

        Assert.Equal(OpenOutcome.WrongKey, wrong.Outcome);
        Assert.Null(wrong.Ciphertext);
        Assert.Equal(1, (await Store.GetStatusAsync(secret.Id, Now, Ct))!.RemainingLogins);
        Assert.Equal(OpenOutcome.Opened, (await Store.TryOpenAsync(secret.Id, verifier, new AccessContext(Now), Ct)).Outcome);
    }

    [Fact]
    public async Task At_Its_Expiry_A_Secret_Is_Expired_For_Status_And_Open()
    {
        var (secret, verifier) = await AddAsync(maxLogins: 1);
        var justBefore = secret.ExpiresAt.AddMilliseconds(-1);

        Assert.Equal(SecretState.Available, (await Store.GetStatusAsync(secret.Id, justBefore, Ct))!.State);
        Assert.Equal(SecretState.Expired, (await Store.GetStatusAsync(secret.Id, secret.ExpiresAt, Ct))!.State);
        Assert.Equal(OpenOutcome.Expired, (await Store.TryOpenAsync(secret.Id, verifier, new AccessContext(secret.ExpiresAt), Ct)).Outcome);
        Assert.Equal(OpenOutcome.Expired, (await Store.TryOpenAsync(secret.Id, verifier, new AccessContext(justBefore), Ct)).Outcome);
    }

    [Fact]
    public async Task Purge_Expires_Due_Secrets_Keeps_Their_Tombstones_And_Spares_The_Rest()
    {
        var (due, _) = await AddAsync(maxLogins: 1, ttl: TimeSpan.FromHours(1));
        var (later, laterVerifier) = await AddAsync(maxLogins: 1, ttl: TimeSpan.FromDays(1));

        await Store.PurgeAsync(Now.AddHours(2), Ct);

        Assert.Equal(new SecretStatus(SecretState.Expired, 0, due.ExpiresAt), await Store.GetStatusAsync(due.Id, Now, Ct));
        Assert.Equal(SecretState.Available, (await Store.GetStatusAsync(later.Id, Now.AddHours(2), Ct))!.State);
        Assert.Equal(OpenOutcome.Opened, (await Store.TryOpenAsync(later.Id, laterVerifier, new AccessContext(Now.AddHours(2)), Ct)).Outcome);
    }

    [Fact]
    public async Task Purge_Removes_Tombstones_Once_Their_Retention_Ends()
    {
        var (secret, verifier) = await AddAsync(maxLogins: 1);
        await Store.TryOpenAsync(secret.Id, verifier, new AccessContext(Now), Ct);

        await Store.PurgeAsync(secret.PurgeAt.AddMilliseconds(-1), Ct);
        Assert.NotNull(await Store.GetStatusAsync(secret.Id, Now, Ct));

        await Store.PurgeAsync(secret.PurgeAt, Ct);
        Assert.Null(await Store.GetStatusAsync(secret.Id, Now, Ct));
    }

    [Fact]
    public async Task Two_Hundred_Racing_Opens_Of_A_Three_Login_Secret_Give_Exactly_Three_Successes()
    {
        var (secret, verifier) = await AddAsync(maxLogins: 3);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ =>
            Task.Run(() => Store.TryOpenAsync(secret.Id, verifier, new AccessContext(Now), Ct), Ct)));

        Assert.Equal(3, outcomes.Count(o => o.Outcome == OpenOutcome.Opened));
        Assert.Equal(197, outcomes.Count(o => o.Outcome == OpenOutcome.UsedUp));
        Assert.Equal([0, 1, 2], outcomes.Where(o => o.Outcome == OpenOutcome.Opened).Select(o => o.RemainingLogins).Order());
    }

    [Fact]
    public async Task Racing_Opens_Across_The_Expiry_Never_Succeed_At_Or_After_It()
    {
        var (secret, verifier) = await AddAsync(maxLogins: 5);
        var times = Enumerable.Range(0, 100).Select(i => secret.ExpiresAt.AddMilliseconds(i % 2 == 0 ? i : -i - 1)).ToList();

        var results = await Task.WhenAll(times.Select(at =>
            Task.Run(async () => (At: at, Result: await Store.TryOpenAsync(secret.Id, verifier, new AccessContext(at), Ct)), Ct)));

        Assert.DoesNotContain(results, r => r.Result.Outcome == OpenOutcome.Opened && r.At >= secret.ExpiresAt);
        Assert.True(results.Count(r => r.Result.Outcome == OpenOutcome.Opened) <= 5);
    }

    [Fact]
    public async Task Racing_Opens_And_The_Sweeper_Never_Open_Once_The_Sweeper_Has_Ended_The_Secret()
    {
        // The racing opens come from a node whose clock lags: by its clock the secret is still valid.
        // Fewer racing opens than logins, so only the sweeper can end the secret.
        var (secret, verifier) = await AddAsync(maxLogins: 5);
        var lagging = new AccessContext(secret.ExpiresAt.AddMilliseconds(-1));
        Task<OpenResult[]> OpenManyAsync(int count) => Task.WhenAll(Enumerable.Range(0, count).Select(_ =>
            Task.Run(() => Store.TryOpenAsync(secret.Id, verifier, lagging, Ct), Ct)));

        var racing = OpenManyAsync(3);
        // A sweep may pass over a row that a racing open holds (PostgreSQL's SKIP LOCKED); the next
        // sweep ends it, as the real sweeper's next round would.
        do
        {
            await Store.PurgeAsync(secret.ExpiresAt, Ct);
        }
        while ((await Store.GetStatusAsync(secret.Id, lagging.At, Ct))!.State == SecretState.Available);

        var afterExpiry = await OpenManyAsync(50);
        await Store.PurgeAsync(secret.PurgeAt, Ct);
        var afterPurge = await OpenManyAsync(50);

        Assert.InRange((await racing).Count(r => r.Outcome == OpenOutcome.Opened), 0, 3);
        Assert.All(afterExpiry, r => Assert.Equal(OpenOutcome.Expired, r.Outcome));
        Assert.All(afterPurge, r => Assert.Equal(OpenOutcome.NotFound, r.Outcome));
        Assert.Null(await Store.GetStatusAsync(secret.Id, Now, Ct));
    }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected static byte[] Verifier() => RandomNumberGenerator.GetBytes(32);

    // The manage token of each secret made here is derived from its id, so tests can present it.
    protected static byte[] ManageToken(NewSecret secret) => SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(secret.Id.Value));

    protected async Task<(NewSecret Secret, byte[] Verifier)> AddAsync(int maxLogins, TimeSpan? ttl = null, string? label = null)
    {
        var verifier = Verifier();
        var expiresAt = Now + (ttl ?? TimeSpan.FromHours(1));
        var id = SecretId.New();
        var secret = new NewSecret(
            id,
            RandomNumberGenerator.GetBytes(64),
            verifier,
            [],
            maxLogins,
            Now,
            expiresAt,
            expiresAt + TimeSpan.FromDays(90),
            label);
        secret = secret with { ManageTokenHash = SHA256.HashData(ManageToken(secret)) };
        await Store.AddAsync(secret, Ct);
        return (secret, verifier);
    }
}
