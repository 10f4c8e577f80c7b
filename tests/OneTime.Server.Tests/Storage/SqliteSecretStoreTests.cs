using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using OneTime.Core;
using OneTime.Server.Storage;
using OneTime.Server.Tests.Api;

namespace OneTime.Server.Tests.Storage;

[Trait("Store", "sqlite")]
public sealed class SqliteSecretStoreTests : SecretStoreConformanceTests
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("onetime-sqlite-");

    private string DatabasePath => Path.Combine(_directory.FullName, "store.db");

    protected override ValueTask<ISecretStore> CreateStoreAsync() =>
        ValueTask.FromResult<ISecretStore>(new SqliteSecretStore($"Data Source={DatabasePath}"));

    protected override Task<IReadOnlyList<byte[]>> ReadStoredValuesAsync(SecretId id)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT * FROM secrets WHERE id = $id";
        select.Parameters.AddWithValue("$id", id.Value);
        using var reader = select.ExecuteReader();
        var values = new List<byte[]>();
        while (reader.Read())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                values.Add(reader.GetValue(i) switch
                {
                    byte[] bytes => bytes,
                    var value => Encoding.UTF8.GetBytes(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""),
                });
            }
        }

        return Task.FromResult<IReadOnlyList<byte[]>>(values);
    }

    [Fact]
    public async Task After_A_Sweep_No_Ended_Secrets_Ciphertext_Or_Verifier_Is_Left_In_The_File_Or_Its_Wal()
    {
        var (usedUp, usedUpVerifier) = await AddAsync(maxLogins: 1);
        var (burned, burnedVerifier) = await AddAsync(maxLogins: 1);
        var (expired, expiredVerifier) = await AddAsync(maxLogins: 1, ttl: TimeSpan.FromMinutes(1));
        var (kept, keptVerifier) = await AddAsync(maxLogins: 1, ttl: TimeSpan.FromDays(1));
        await Store.TryOpenAsync(usedUp.Id, usedUpVerifier, new AccessContext(Now), Ct);
        await Store.BurnAsync(burned.Id, BurnCredential.Recipient(burnedVerifier), new AccessContext(Now), Ct);

        await Store.PurgeAsync(expired.ExpiresAt, Ct);

        var files = Database.AllFileBytes(DatabasePath);
        foreach (var (secret, verifier) in new[] { (usedUp, usedUpVerifier), (burned, burnedVerifier), (expired, expiredVerifier) })
        {
            Assert.True(files.AsSpan().IndexOf(secret.Ciphertext) < 0, $"the ciphertext of {secret.Id} is still on disk");
            Assert.True(files.AsSpan().IndexOf(verifier) < 0, $"the verifier of {secret.Id} is still on disk");
        }

        Assert.True(files.AsSpan().IndexOf(kept.Ciphertext) >= 0 && files.AsSpan().IndexOf(keptVerifier) >= 0, "the live secret should still be there");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task The_Database_Is_In_Wal_Mode_And_Survives_Reopening()
    {
        var (secret, verifier) = await AddAsync(maxLogins: 1);
        var path = DatabasePath;
        ((IDisposable)Store).Dispose();

        using var reopened = new SqliteSecretStore($"Data Source={path}");

        Assert.Equal(OpenOutcome.Opened, (await reopened.TryOpenAsync(secret.Id, verifier, new AccessContext(Now), Ct)).Outcome);
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var mode = connection.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", mode.ExecuteScalar());
    }

    [Fact]
    public async Task A_Database_Made_Before_Events_Had_Secret_Rows_Keeps_Its_Access_Log()
    {
        var (secret, verifier) = await AddAsync(maxLogins: 2, label: "old");
        var who = new AccessContext(Now.AddMinutes(1), "Dana", "203.0.113.0/24", "curl");
        await Store.TryOpenAsync(secret.Id, verifier, who, Ct);
        ((IDisposable)Store).Dispose();
        Sql(
            "DROP TRIGGER access_events_link",
            "DROP INDEX access_events_secret_row",
            "ALTER TABLE access_events DROP COLUMN secret_row",
            "CREATE INDEX access_events_secret ON access_events (secret_id)");

        using var upgraded = new SqliteSecretStore($"Data Source={DatabasePath}");
        await upgraded.TryOpenAsync(secret.Id, verifier, who with { At = Now.AddMinutes(2) }, Ct);

        var managed = await upgraded.GetManagedAsync(secret.Id, SHA256.HashData(ManageToken(secret)), Now.AddMinutes(3), Ct);
        Assert.Equal(
            [
                new AccessEvent(Now.AddMinutes(1), AccessOutcome.Opened, "Dana", "203.0.113.0/24", "curl"),
                new AccessEvent(Now.AddMinutes(2), AccessOutcome.Opened, "Dana", "203.0.113.0/24", "curl"),
            ],
            managed?.AccessLog);
        Assert.Equal(["access_events_at", "access_events_purge", "access_events_secret_row"], Sql("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'access_events' ORDER BY name"));
    }

    [Fact]
    public async Task Events_An_Older_Build_Logged_Without_A_Row_Are_Linked_At_Start()
    {
        var (secret, verifier) = await AddAsync(maxLogins: 2);
        await Store.TryOpenAsync(secret.Id, verifier, new AccessContext(Now.AddMinutes(1)), Ct);
        ((IDisposable)Store).Dispose();
        // What a file upgraded before the link trigger holds: events at the column's default, the old
        // index, and rowids further apart than one linking slice.
        Sql(
            "DROP TRIGGER access_events_link",
            "UPDATE access_events SET secret_row = 0",
            "INSERT INTO access_events (rowid, secret_id, label, at, outcome, recipient, client_address, user_agent, purge_at) " +
            "SELECT 123456, secret_id, label, at + 1000, outcome, recipient, client_address, user_agent, purge_at FROM access_events",
            "CREATE INDEX access_events_secret ON access_events (secret_id)");

        using var reopened = new SqliteSecretStore($"Data Source={DatabasePath}");

        var managed = await reopened.GetManagedAsync(secret.Id, SHA256.HashData(ManageToken(secret)), Now.AddMinutes(2), Ct);
        Assert.Equal([Now.AddMinutes(1), Now.AddMinutes(1).AddSeconds(1)], managed?.AccessLog.Select(e => e.At));
        Assert.Empty(Sql("SELECT name FROM sqlite_master WHERE name = 'access_events_secret'"));
    }

    [Fact]
    public async Task Events_An_Older_Build_Logs_Beside_This_One_Are_Shown_At_Once()
    {
        var (secret, verifier) = await AddAsync(maxLogins: 2);
        await Store.TryOpenAsync(secret.Id, verifier, new AccessContext(Now.AddMinutes(1)), Ct);
        // How the build before secret_row logs into the same file, while this store keeps running.
        Sql(
            "INSERT INTO access_events (secret_id, label, at, outcome, recipient, client_address, user_agent, purge_at) " +
            "SELECT secret_id, label, at + 1000, outcome, recipient, client_address, user_agent, purge_at FROM access_events");

        var managed = await Store.GetManagedAsync(secret.Id, SHA256.HashData(ManageToken(secret)), Now.AddMinutes(2), Ct);

        Assert.Equal([Now.AddMinutes(1), Now.AddMinutes(1).AddSeconds(1)], managed?.AccessLog.Select(e => e.At));
    }

    [Fact]
    public async Task Events_Of_Another_Secret_That_Had_The_Same_Row_Are_Not_Shown()
    {
        var (secret, verifier) = await AddAsync(maxLogins: 2);
        await Store.TryOpenAsync(secret.Id, verifier, new AccessContext(Now.AddMinutes(1)), Ct);
        // What a reused rowid would leave behind: an event of a purged secret under this row.
        Sql("INSERT INTO access_events SELECT 'gone-secret-id-00000000', secret_row, label, at - 1, outcome, recipient, client_address, user_agent, purge_at FROM access_events");

        var managed = await Store.GetManagedAsync(secret.Id, SHA256.HashData(ManageToken(secret)), Now.AddMinutes(2), Ct);

        Assert.Equal([Now.AddMinutes(1)], managed?.AccessLog.Select(e => e.At));
    }

    // Runs statements on the database file beside the store; returns the first column of the last one's rows.
    private List<string> Sql(params string[] statements)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        var rows = new List<string>();
        foreach (var statement in statements)
        {
            using var command = connection.CreateCommand();
            command.CommandText = statement;
            using var reader = command.ExecuteReader();
            rows.Clear();
            while (reader.Read())
            {
                rows.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) ?? "");
            }
        }

        return rows;
    }

    [Fact]
    public void A_Folder_That_Cannot_Be_Created_Fails_With_A_Clear_Error()
    {
        var blocker = Path.Combine(_directory.FullName, "a-file");
        File.WriteAllText(blocker, "");

        var error = Assert.ThrowsAny<Exception>(() => new SqliteSecretStore($"Data Source={Path.Combine(blocker, "sub", "x.db")}"));

        Assert.IsType<StoreUnavailableException>(error);
    }
}
