using System.Security.Cryptography;
using OneTime.Core;
using OneTime.Server.Storage;

namespace OneTime.Server.Tests.Storage;

/// <summary>
/// DESIGN §1.4: once a secret leaves Available only a small tombstone stays. Neither its
/// ciphertext nor its verifier may be left, right after the step that ended it; the manage-token
/// hash stays for the sender's page.
/// </summary>
public abstract partial class SecretStoreConformanceTests
{
    /// <summary>Every value the store keeps for this secret, as bytes, read straight from the backend.</summary>
    protected abstract Task<IReadOnlyList<byte[]>> ReadStoredValuesAsync(SecretId id);

    [Fact]
    public async Task The_Last_Login_Leaves_Neither_Ciphertext_Nor_Verifier()
    {
        var (secret, verifier) = await AddAsync(maxLogins: 2);
        await Store.TryOpenAsync(secret.Id, verifier, new AccessContext(Now, "Dana"), Ct);
        await AssertHoldsAsync(secret, verifier, ciphertextAndVerifier: true);

        await Store.TryOpenAsync(secret.Id, verifier, new AccessContext(Now, "Dana"), Ct);

        await AssertHoldsAsync(secret, verifier, ciphertextAndVerifier: false);
    }

    [Fact]
    public async Task A_Burn_By_The_Sender_Or_The_Recipient_Leaves_Neither_Ciphertext_Nor_Verifier()
    {
        var (bySender, senderVerifier) = await AddAsync(maxLogins: 2);
        var (byRecipient, recipientVerifier) = await AddAsync(maxLogins: 2);

        await Store.BurnAsync(bySender.Id, BurnCredential.Sender(SHA256.HashData(ManageToken(bySender))), new AccessContext(Now), Ct);
        await Store.BurnAsync(byRecipient.Id, BurnCredential.Recipient(recipientVerifier), new AccessContext(Now), Ct);

        await AssertHoldsAsync(bySender, senderVerifier, ciphertextAndVerifier: false);
        await AssertHoldsAsync(byRecipient, recipientVerifier, ciphertextAndVerifier: false);
    }

    [Fact]
    public async Task A_Sweep_Of_An_Expired_Secret_Leaves_Neither_Ciphertext_Nor_Verifier()
    {
        var (secret, verifier) = await AddAsync(maxLogins: 1);
        await Store.PurgeAsync(secret.ExpiresAt.AddMilliseconds(-1), Ct);
        await AssertHoldsAsync(secret, verifier, ciphertextAndVerifier: true);

        await Store.PurgeAsync(secret.ExpiresAt, Ct);

        await AssertHoldsAsync(secret, verifier, ciphertextAndVerifier: false);
    }

    [Fact]
    public async Task An_Open_Or_A_Burn_After_The_Expiry_Ends_The_Secret_Before_Any_Sweep()
    {
        var (opened, openedVerifier) = await AddAsync(maxLogins: 1);
        var (burned, burnedVerifier) = await AddAsync(maxLogins: 1);

        await Store.TryOpenAsync(opened.Id, openedVerifier, new AccessContext(opened.ExpiresAt), Ct);
        await Store.BurnAsync(burned.Id, BurnCredential.Recipient(burnedVerifier), new AccessContext(burned.ExpiresAt), Ct);

        await AssertHoldsAsync(opened, openedVerifier, ciphertextAndVerifier: false);
        await AssertHoldsAsync(burned, burnedVerifier, ciphertextAndVerifier: false);
    }

    [Fact]
    public async Task An_Ended_Secret_Still_Answers_Why_To_Any_Key()
    {
        var (usedUp, usedUpVerifier) = await AddAsync(maxLogins: 1);
        var (burned, burnedVerifier) = await AddAsync(maxLogins: 1);
        var (expired, expiredVerifier) = await AddAsync(maxLogins: 1);
        await Store.TryOpenAsync(usedUp.Id, usedUpVerifier, new AccessContext(Now), Ct);
        await Store.BurnAsync(burned.Id, BurnCredential.Recipient(burnedVerifier), new AccessContext(Now), Ct);
        await Store.PurgeAsync(expired.ExpiresAt, Ct);
        var later = new AccessContext(Now.AddMinutes(1));

        foreach (var (secret, verifier, why) in new[]
        {
            (usedUp, usedUpVerifier, OpenOutcome.UsedUp),
            (burned, burnedVerifier, OpenOutcome.Burned),
            (expired, expiredVerifier, OpenOutcome.Expired),
        })
        {
            Assert.Equal(why, (await Store.TryOpenAsync(secret.Id, verifier, later, Ct)).Outcome);
            Assert.Equal(why, (await Store.TryOpenAsync(secret.Id, Verifier(), later, Ct)).Outcome);
            Assert.Equal(why, (await Store.TryOpenAsync(secret.Id, [], later, Ct)).Outcome);
        }
    }

    [Fact]
    public async Task A_Recipient_Burn_Of_An_Ended_Secret_Is_Already_Gone_Whatever_The_Key()
    {
        var (secret, verifier) = await AddAsync(maxLogins: 1);
        await Store.TryOpenAsync(secret.Id, verifier, new AccessContext(Now), Ct);
        var manageTokenHash = SHA256.HashData(ManageToken(secret));

        var right = await Store.BurnAsync(secret.Id, BurnCredential.Recipient(verifier), new AccessContext(Now), Ct);
        var wrong = await Store.BurnAsync(secret.Id, BurnCredential.Recipient(Verifier()), new AccessContext(Now), Ct);
        var empty = await Store.BurnAsync(secret.Id, BurnCredential.Recipient([]), new AccessContext(Now), Ct);
        var wrongSender = await Store.BurnAsync(secret.Id, BurnCredential.Sender(Verifier()), new AccessContext(Now), Ct);

        Assert.Equal(
            [BurnOutcome.AlreadyGone, BurnOutcome.AlreadyGone, BurnOutcome.AlreadyGone, BurnOutcome.Refused],
            [right.Outcome, wrong.Outcome, empty.Outcome, wrongSender.Outcome]);
        Assert.Equal(SecretState.UsedUp, (await Store.GetStatusAsync(secret.Id, Now, Ct))!.State);
        var log = (await Store.GetManagedAsync(secret.Id, manageTokenHash, Now, Ct))!.AccessLog.Select(e => e.Outcome);
        Assert.Equal([AccessOutcome.Opened], log);
    }

    private async Task AssertHoldsAsync(NewSecret secret, byte[] verifier, bool ciphertextAndVerifier)
    {
        var values = await ReadStoredValuesAsync(secret.Id);
        bool Holds(byte[] needle) => values.Any(value => value.AsSpan().IndexOf(needle) >= 0);

        Assert.Equal(ciphertextAndVerifier, Holds(secret.Ciphertext));
        Assert.Equal(ciphertextAndVerifier, Holds(verifier));
        Assert.True(Holds(secret.ManageTokenHash), "the manage-token hash stays for the sender's page");
    }
}
