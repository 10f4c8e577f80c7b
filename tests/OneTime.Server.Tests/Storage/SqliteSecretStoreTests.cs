using OneTime.Server.Storage;

namespace OneTime.Server.Tests.Storage;

[Trait("Store", "sqlite")]
public sealed class SqliteSecretStoreTests : SecretStoreConformanceTests
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("onetime-sqlite-");

    protected override ValueTask<ISecretStore> CreateStoreAsync() =>
        ValueTask.FromResult<ISecretStore>(new SqliteSecretStore($"Data Source={Path.Combine(_directory.FullName, "store.db")}"));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task The_Database_Is_In_Wal_Mode_And_Survives_Reopening()
    {
        var (secret, verifier) = await AddAsync(maxLogins: 1);
        var path = Path.Combine(_directory.FullName, "store.db");
        ((IDisposable)Store).Dispose();

        using var reopened = new SqliteSecretStore($"Data Source={path}");

        Assert.Equal(OpenOutcome.Opened, (await reopened.TryOpenAsync(secret.Id, verifier, new AccessContext(Now), Ct)).Outcome);
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var mode = connection.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", mode.ExecuteScalar());
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
