using Microsoft.Data.Sqlite;
using OneTime.Server.Storage;

namespace OneTime.Server.Tests.Storage;

/// <summary>The writer's batching on a real SQLite file: one failing write takes nothing else with it.</summary>
public sealed class SqliteGroupCommitTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("onetime-commit-");
    private readonly SqliteConnection _writer;
    private readonly SqliteGroupCommit _commits;

    public SqliteGroupCommitTests()
    {
        _writer = new SqliteConnection($"Data Source={Path.Combine(_folder.FullName, "x.db")};Pooling=False");
        _writer.Open();
        Execute("PRAGMA journal_mode = WAL; CREATE TABLE t (n INTEGER PRIMARY KEY)");
        _commits = new SqliteGroupCommit(_writer, e => new InvalidOperationException("wrapped", e), flusher: null);
    }

    [Fact]
    public async Task A_Write_That_Throws_Is_Rolled_Back_Alone_And_The_Rest_Of_Its_Batch_Commits()
    {
        // The first write holds the commit thread until the others are queued, so they form one batch.
        using var queued = new ManualResetEventSlim();
        var holder = _commits.RunAsync(() => queued.Wait(TimeSpan.FromSeconds(30)), TestContext.Current.CancellationToken);
        var first = _commits.RunAsync(() => Insert(1), TestContext.Current.CancellationToken);
        var failing = _commits.RunAsync<int>(
            () =>
            {
                Insert(2);
                Execute("INSERT INTO t (n) VALUES (1)"); // a constraint violation after a change of its own
                return 0;
            },
            TestContext.Current.CancellationToken);
        var last = _commits.RunAsync(() => Insert(3), TestContext.Current.CancellationToken);
        queued.Set();

        Assert.True(await holder);
        Assert.Equal(1, await first);
        Assert.Equal(3, await last);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.IsType<SqliteException>(error.InnerException);
        Assert.Equal([1L, 3L], ReadAll());
    }

    [Fact]
    public async Task Writes_Queued_Together_Each_Get_Their_Own_Result()
    {
        var writes = Enumerable.Range(1, 200).Select(n => _commits.RunAsync(() => Insert(n), TestContext.Current.CancellationToken)).ToList();

        Assert.Equal(Enumerable.Range(1, 200), await Task.WhenAll(writes));
        Assert.Equal(200, ReadAll().Count);
    }

    [Fact]
    public async Task A_Commit_Whose_Fsync_Fails_Is_Not_Acknowledged_And_Neither_Is_Any_Write_After_It()
    {
        // The flusher cannot open this "WAL", as if the disk failed: the commit itself succeeded,
        // but nobody may be told so.
        using var flusher = new SqliteWalFlusher(Path.Combine(_folder.FullName, "missing", "x.db-wal"));
        using var commits = new SqliteGroupCommit(_writer, e => new InvalidOperationException("wrapped", e), flusher);

        var first = await Assert.ThrowsAsync<InvalidOperationException>(() => commits.RunAsync(() => Insert(1), TestContext.Current.CancellationToken));
        var later = await Assert.ThrowsAsync<InvalidOperationException>(() => commits.RunAsync(() => Insert(2), TestContext.Current.CancellationToken));

        Assert.IsAssignableFrom<IOException>(first.InnerException);
        Assert.Same(flusher.Broken, later.InnerException);
        Assert.Equal([1L], ReadAll());
    }

    [Fact]
    public async Task Commits_Are_Acknowledged_After_The_Wal_Is_Synced()
    {
        using var flusher = new SqliteWalFlusher(Path.Combine(_folder.FullName, "x.db-wal"));
        using var commits = new SqliteGroupCommit(_writer, e => new InvalidOperationException("wrapped", e), flusher);

        var writes = Enumerable.Range(1, 50).Select(n => commits.RunAsync(() => Insert(n), TestContext.Current.CancellationToken)).ToList();

        Assert.Equal(Enumerable.Range(1, 50), await Task.WhenAll(writes));
        Assert.Null(flusher.Broken);
    }

    public void Dispose()
    {
        _commits.Dispose();
        _writer.Dispose();
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    private int Insert(int n)
    {
        Execute($"INSERT INTO t (n) VALUES ({n})");
        return n;
    }

    private void Execute(string sql)
    {
        using var command = _writer.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private List<long> ReadAll()
    {
        using var reader = new SqliteConnection(_writer.ConnectionString);
        reader.Open();
        using var select = reader.CreateCommand();
        select.CommandText = "SELECT n FROM t ORDER BY n";
        using var rows = select.ExecuteReader();
        var all = new List<long>();
        while (rows.Read())
        {
            all.Add(rows.GetInt64(0));
        }

        return all;
    }
}
