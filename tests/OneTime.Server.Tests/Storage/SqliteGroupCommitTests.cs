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
        _commits = new SqliteGroupCommit(_writer, e => new InvalidOperationException("wrapped", e));
    }

    [Fact]
    public async Task A_Write_That_Throws_Is_Rolled_Back_Alone_And_The_Rest_Of_Its_Batch_Commits()
    {
        // The first write holds the commit thread until the others are queued, so they form one batch.
        var holder = HoldTheWriter(out var queued);
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
    public async Task A_Failure_Of_The_Database_Itself_Fails_The_Whole_Batch_And_Commits_None_Of_It()
    {
        var holder = HoldTheWriter(out var queued);
        var first = _commits.RunAsync(() => Insert(1), TestContext.Current.CancellationToken);
        // Not a constraint: SQLite's own error (here SQLITE_ERROR), which says nothing about this write alone.
        var broken = _commits.RunAsync<int>(() => { Execute("INSERT INTO missing (n) VALUES (2)"); return 0; }, TestContext.Current.CancellationToken);
        var last = _commits.RunAsync(() => Insert(3), TestContext.Current.CancellationToken);
        queued.Set();

        Assert.True(await holder);
        foreach (var write in new[] { first, broken, last })
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => write);
            Assert.IsType<SqliteException>(error.InnerException);
        }

        Assert.Empty(ReadAll());
        Assert.Equal(4, await _commits.RunAsync(() => Insert(4), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Writes_Queued_Together_Each_Get_Their_Own_Result()
    {
        var writes = Enumerable.Range(1, 200).Select(n => _commits.RunAsync(() => Insert(n), TestContext.Current.CancellationToken)).ToList();

        Assert.Equal(Enumerable.Range(1, 200), await Task.WhenAll(writes));
        Assert.Equal(200, ReadAll().Count);
    }

    public void Dispose()
    {
        _commits.Dispose();
        _writer.Dispose();
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    // A write of its own batch that runs until `queued` is set; returns once it is running.
    private Task<bool> HoldTheWriter(out ManualResetEventSlim queued)
    {
        var release = queued = new ManualResetEventSlim();
        using var running = new ManualResetEventSlim();
        var holder = _commits.RunAsync(
            () =>
            {
                running.Set();
                return release.Wait(TimeSpan.FromSeconds(30));
            },
            TestContext.Current.CancellationToken);
        Assert.True(running.Wait(TimeSpan.FromSeconds(30)));
        return holder;
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
