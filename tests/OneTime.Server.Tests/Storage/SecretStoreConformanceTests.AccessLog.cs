using System.Security.Cryptography;
using OneTime.Core;
using OneTime.Server.Storage;

namespace OneTime.Server.Tests.Storage;

/// <summary>Access log, burn, audit export and retention: the sender's side of DESIGN §3-4.</summary>
public abstract partial class SecretStoreConformanceTests
{
    [Fact]
    public async Task Every_Open_Attempt_Is_Logged_With_Its_Outcome_And_Who_Asked()
    {
        var (secret, verifier) = await AddAsync(maxLogins: 1, label: "for Acme");
        var who = new AccessContext(Now.AddMinutes(1), "Dana", "203.0.113.0/24", "Firefox 128 on Windows");

        var wrong = await Store.TryOpenAsync(secret.Id, Verifier(), who, Ct);
        var opened = await Store.TryOpenAsync(secret.Id, verifier, who with { At = Now.AddMinutes(2) }, Ct);
        await Store.TryOpenAsync(secret.Id, verifier, who with { At = Now.AddMinutes(3), Recipient = null }, Ct);

        var managed = await Store.GetManagedAsync(secret.Id, SHA256.HashData(ManageToken(secret)), Now.AddMinutes(4), Ct);
        Assert.NotNull(managed);
        Assert.Equal(
            [
                new AccessEvent(Now.AddMinutes(1), AccessOutcome.WrongLoginKey, "Dana", "203.0.113.0/24", "Firefox 128 on Windows"),
                new AccessEvent(Now.AddMinutes(2), AccessOutcome.Opened, "Dana", "203.0.113.0/24", "Firefox 128 on Windows"),
                new AccessEvent(Now.AddMinutes(3), AccessOutcome.RefusedUsedUp, null, "203.0.113.0/24", "Firefox 128 on Windows"),
            ],
            managed.AccessLog);
        Assert.Equal(("for Acme", 1, SecretState.UsedUp), (managed.Label, managed.MaxLogins, managed.Status.State));
        Assert.Equal(new AuditEvent(secret.Id, "for Acme", managed.AccessLog[0]), wrong.Recorded);
        Assert.Equal(new AuditEvent(secret.Id, "for Acme", managed.AccessLog[1]), opened.Recorded);
    }

    [Fact]
    public async Task The_Label_And_Who_Asked_Come_Back_Exactly_And_Times_In_Whole_Milliseconds()
    {
        // Quotes, backslashes, control characters and astral-plane characters: Redis builds its
        // log entries as JSON text, the SQL stores bind parameters; all must give back the same.
        const string label = "für \"Acme\" \\ ops\n<b>&'😀";
        var (secret, verifier) = await AddAsync(maxLogins: 1, label: label);
        var who = new AccessContext(Now.AddTicks(1234), "Zoë \"Z\" O'Brien \\ 😀", "2001:db8::/48", "Mozilla/5.0 (X11; \"x\")\t\u0001");

        var opened = await Store.TryOpenAsync(secret.Id, verifier, who, Ct);

        var expected = new AuditEvent(secret.Id, label, new AccessEvent(Now, AccessOutcome.Opened, who.Recipient, who.ClientAddress, who.UserAgent));
        Assert.Equal(expected, opened.Recorded);
        var managed = await Store.GetManagedAsync(secret.Id, SHA256.HashData(ManageToken(secret)), Now, Ct);
        Assert.Equal(label, managed!.Label);
        Assert.Equal([expected.Event], managed.AccessLog);
        Assert.Equal([expected], await ReadAuditAsync(Now, Now.AddMinutes(1)));
    }

    [Fact]
    public async Task Nothing_Is_Logged_For_An_Unknown_Secret()
    {
        var result = await Store.TryOpenAsync(SecretId.New(), Verifier(), new AccessContext(Now), Ct);

        Assert.Null(result.Recorded);
        Assert.Empty(await ReadAuditAsync(Now.AddDays(-1), Now.AddDays(1)));
    }

    [Fact]
    public async Task The_Managed_View_Needs_The_Right_Token_Hash()
    {
        var (secret, _) = await AddAsync(maxLogins: 1);

        Assert.Null(await Store.GetManagedAsync(secret.Id, RandomNumberGenerator.GetBytes(32), Now, Ct));
        Assert.Null(await Store.GetManagedAsync(SecretId.New(), SHA256.HashData(ManageToken(secret)), Now, Ct));
        Assert.NotNull(await Store.GetManagedAsync(secret.Id, SHA256.HashData(ManageToken(secret)), Now, Ct));
    }

    [Fact]
    public async Task The_Sender_Burns_With_The_Manage_Token_And_Later_Opens_Are_Refused()
    {
        var (secret, verifier) = await AddAsync(maxLogins: 3);
        var sender = BurnCredential.Sender(SHA256.HashData(ManageToken(secret)));

        Assert.Equal(BurnOutcome.Refused, (await Store.BurnAsync(secret.Id, BurnCredential.Sender(Verifier()), new AccessContext(Now), Ct)).Outcome);
        var burned = await Store.BurnAsync(secret.Id, sender, new AccessContext(Now.AddMinutes(1)), Ct);
        var open = await Store.TryOpenAsync(secret.Id, verifier, new AccessContext(Now.AddMinutes(2)), Ct);
        var again = await Store.BurnAsync(secret.Id, sender, new AccessContext(Now.AddMinutes(3)), Ct);

        Assert.Equal(BurnOutcome.Burned, burned.Outcome);
        Assert.Equal(AccessOutcome.BurnedBySender, burned.Recorded?.Event.Outcome);
        Assert.Equal(OpenOutcome.Burned, open.Outcome);
        Assert.Null(open.Ciphertext);
        Assert.Equal(BurnOutcome.AlreadyGone, again.Outcome);
        Assert.Equal(new SecretStatus(SecretState.Burned, 0, secret.ExpiresAt), await Store.GetStatusAsync(secret.Id, Now, Ct));
        var log = (await Store.GetManagedAsync(secret.Id, sender.Hash, Now, Ct))!.AccessLog.Select(e => e.Outcome);
        Assert.Equal([AccessOutcome.BurnedBySender, AccessOutcome.RefusedBurned], log);
    }

    [Fact]
    public async Task The_Recipient_Burns_With_The_Key_And_A_Wrong_Key_Is_Logged()
    {
        var (secret, verifier) = await AddAsync(maxLogins: 2);
        await Store.TryOpenAsync(secret.Id, verifier, new AccessContext(Now), Ct);

        var wrong = await Store.BurnAsync(secret.Id, BurnCredential.Recipient(Verifier()), new AccessContext(Now.AddMinutes(1)), Ct);
        var burned = await Store.BurnAsync(secret.Id, BurnCredential.Recipient(verifier), new AccessContext(Now.AddMinutes(2), "Dana"), Ct);

        Assert.Equal(BurnOutcome.Refused, wrong.Outcome);
        Assert.Equal(BurnOutcome.Burned, burned.Outcome);
        Assert.Equal(SecretState.Burned, (await Store.GetStatusAsync(secret.Id, Now, Ct))!.State);
        var log = (await Store.GetManagedAsync(secret.Id, SHA256.HashData(ManageToken(secret)), Now, Ct))!.AccessLog;
        Assert.Equal([AccessOutcome.Opened, AccessOutcome.WrongLoginKey, AccessOutcome.BurnedByRecipient], log.Select(e => e.Outcome));
        Assert.Equal("Dana", log[2].Recipient);
    }

    [Fact]
    public async Task Burning_An_Ended_Or_Unknown_Secret_Changes_Nothing()
    {
        var (secret, verifier) = await AddAsync(maxLogins: 1);
        await Store.TryOpenAsync(secret.Id, verifier, new AccessContext(Now), Ct);

        Assert.Equal(BurnOutcome.AlreadyGone, (await Store.BurnAsync(secret.Id, BurnCredential.Recipient(verifier), new AccessContext(Now), Ct)).Outcome);
        Assert.Equal(BurnOutcome.NotFound, (await Store.BurnAsync(SecretId.New(), BurnCredential.Recipient(verifier), new AccessContext(Now), Ct)).Outcome);
        Assert.Equal(SecretState.UsedUp, (await Store.GetStatusAsync(secret.Id, Now, Ct))!.State);
    }

    [Fact]
    public async Task Burning_After_The_Expiry_Is_Already_Gone()
    {
        var (secret, verifier) = await AddAsync(maxLogins: 1);

        var result = await Store.BurnAsync(secret.Id, BurnCredential.Recipient(verifier), new AccessContext(secret.ExpiresAt), Ct);

        Assert.Equal(BurnOutcome.AlreadyGone, result.Outcome);
        Assert.Equal(SecretState.Expired, (await Store.GetStatusAsync(secret.Id, secret.ExpiresAt, Ct))!.State);
    }

    [Fact]
    public async Task The_Audit_Holds_Exactly_The_Events_Of_The_Range_Since_Inclusive_Until_Exclusive()
    {
        var (first, firstVerifier) = await AddAsync(maxLogins: 5, label: "first");
        var (second, secondVerifier) = await AddAsync(maxLogins: 5, label: null);
        for (var minute = 0; minute < 6; minute++)
        {
            var (id, verifier) = minute % 2 == 0 ? (first.Id, firstVerifier) : (second.Id, secondVerifier);
            await Store.TryOpenAsync(id, verifier, new AccessContext(Now.AddMinutes(minute), $"r{minute}"), Ct);
        }

        var events = await ReadAuditAsync(Now.AddMinutes(1), Now.AddMinutes(4));

        Assert.Equal(["r1", "r2", "r3"], events.Select(e => e.Event.Recipient));
        Assert.Equal([second.Id, first.Id, second.Id], events.Select(e => e.SecretId));
        Assert.Equal([null, "first", null], events.Select(e => e.Label));
    }

    [Fact]
    public async Task The_Access_Log_Is_Purged_With_The_Tombstone_And_Not_Before()
    {
        var (secret, verifier) = await AddAsync(maxLogins: 1);
        var (kept, keptVerifier) = await AddAsync(maxLogins: 1, ttl: TimeSpan.FromDays(30));
        await Store.TryOpenAsync(secret.Id, verifier, new AccessContext(Now, "Dana"), Ct);
        await Store.TryOpenAsync(kept.Id, keptVerifier, new AccessContext(Now, "Eve"), Ct);
        var token = SHA256.HashData(ManageToken(secret));

        await Store.PurgeAsync(secret.PurgeAt.AddMilliseconds(-1), Ct);
        Assert.Equal(["Dana", "Eve"], (await ReadAuditAsync(Now, Now.AddMinutes(1))).Select(e => e.Event.Recipient));
        Assert.Equal(SecretState.UsedUp, (await Store.GetStatusAsync(secret.Id, Now, Ct))!.State);
        Assert.Equal([AccessOutcome.Opened], (await Store.GetManagedAsync(secret.Id, token, Now, Ct))!.AccessLog.Select(e => e.Outcome));

        await Store.PurgeAsync(secret.PurgeAt, Ct);
        Assert.Null(await Store.GetStatusAsync(secret.Id, Now, Ct));
        Assert.Null(await Store.GetManagedAsync(secret.Id, token, Now, Ct));

        // Retention runs from each secret's own expiry, not from when its events happened.
        Assert.Equal([kept.Id], (await ReadAuditAsync(Now, Now.AddMinutes(1))).Select(e => e.SecretId));
        Assert.Single((await Store.GetManagedAsync(kept.Id, SHA256.HashData(ManageToken(kept)), Now, Ct))!.AccessLog);
    }

    [Fact]
    public async Task Racing_Opens_And_A_Burn_Never_Open_After_The_Burn()
    {
        var (secret, verifier) = await AddAsync(maxLogins: 5);
        var sender = BurnCredential.Sender(SHA256.HashData(ManageToken(secret)));

        var opens = Enumerable.Range(0, 50).Select(_ => Task.Run(() => Store.TryOpenAsync(secret.Id, verifier, new AccessContext(Now), Ct), Ct)).ToList();
        var burn = Task.Run(() => Store.BurnAsync(secret.Id, sender, new AccessContext(Now), Ct), Ct);
        await Task.WhenAll([.. opens, burn]);

        var log = (await Store.GetManagedAsync(secret.Id, sender.Hash, Now, Ct))!.AccessLog.Select(e => e.Outcome).ToList();
        var opened = opens.Count(o => o.Result.Outcome == OpenOutcome.Opened);
        Assert.InRange(opened, 0, 5);
        Assert.Equal(opened, log.Count(o => o == AccessOutcome.Opened));
        var burnAt = log.IndexOf(AccessOutcome.BurnedBySender);
        if (burnAt >= 0)
        {
            Assert.DoesNotContain(AccessOutcome.Opened, log.Skip(burnAt));
        }
    }

    [Fact]
    public async Task Racing_Burns_By_Sender_And_Recipient_Burn_It_Exactly_Once()
    {
        var (secret, verifier) = await AddAsync(maxLogins: 3);
        var sender = BurnCredential.Sender(SHA256.HashData(ManageToken(secret)));

        var burns = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(
            () => Store.BurnAsync(secret.Id, i % 2 == 0 ? sender : BurnCredential.Recipient(verifier), new AccessContext(Now), Ct), Ct)));

        Assert.Single(burns, b => b.Outcome == BurnOutcome.Burned);
        Assert.Equal(39, burns.Count(b => b.Outcome == BurnOutcome.AlreadyGone));
        var log = (await Store.GetManagedAsync(secret.Id, sender.Hash, Now, Ct))!.AccessLog;
        Assert.Single(log);
        Assert.Contains(log[0].Outcome, new[] { AccessOutcome.BurnedBySender, AccessOutcome.BurnedByRecipient });
    }

    private async Task<List<AuditEvent>> ReadAuditAsync(DateTimeOffset since, DateTimeOffset until)
    {
        var events = new List<AuditEvent>();
        await foreach (var e in Store.ReadAuditAsync(since, until, Ct))
        {
            events.Add(e);
        }

        return events;
    }
}
