using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace OneTime.Server.Storage;

/// <summary>
/// Group commit for SQLite's single writer. Callers queue writes; one thread takes everything
/// queued so far and runs it in ONE immediate transaction, and completes the callers' tasks only
/// after the COMMIT returned. So a create is still acknowledged only once it is durable, and each
/// open is still atomic (the writes of a batch run one after another on one connection), but a
/// thousand writes pay for one fsync instead of a thousand. A write that breaks a constraint or
/// throws outside SQLite is rolled back with the whole transaction, and the batch runs again
/// without it: this costs nothing on the common path, unlike a SAVEPOINT around every write. Any
/// other SQLite error (I/O, a full disk, corruption) is the database's, not the write's, and fails
/// the whole batch.
/// </summary>
internal sealed class SqliteGroupCommit : IDisposable
{
    // Long enough to amortise the fsync, short enough that one batch never holds the lock for long.
    private const int MaxBatch = 512;

    private readonly Channel<Write> _queue = Channel.CreateUnbounded<Write>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    private readonly SqliteConnection _connection;
    private readonly Func<SqliteException, Exception> _wrap;
    private readonly SqliteCommand _begin;
    private readonly SqliteCommand _commit;
    private readonly SqliteCommand _rollback;
    private readonly Thread _thread;
    private readonly List<Write> _batch = new(MaxBatch);
    private Write? _carried;

    /// <param name="connection">The writer connection; used only by the commit thread from now on.</param>
    /// <param name="wrap">Turns a SQLite failure into what callers should see.</param>
    public SqliteGroupCommit(SqliteConnection connection, Func<SqliteException, Exception> wrap)
    {
        _connection = connection;
        _wrap = wrap;
        _begin = Prepare("BEGIN IMMEDIATE");
        _commit = Prepare("COMMIT");
        _rollback = Prepare("ROLLBACK");
        _thread = new Thread(Run) { IsBackground = true, Name = "SQLite group commit" };
        _thread.Start();
    }

    /// <summary>
    /// Queues a write; its task completes after the transaction holding it committed. The write
    /// may run more than once (when another write of its batch fails), so it must change nothing
    /// but the database.
    /// </summary>
    public Task<T> RunAsync<T>(Func<T> write, CancellationToken ct) => Queue(new Write<T>(write, alone: false, ct));

    /// <summary>Queues work that must run outside any transaction (a checkpoint), after what is queued before it.</summary>
    public Task<T> RunAloneAsync<T>(Func<T> work, CancellationToken ct) => Queue(new Write<T>(work, alone: true, ct));

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _thread.Join();
        foreach (var command in new[] { _begin, _commit, _rollback })
        {
            command.Dispose();
        }
    }

    private Task<T> Queue<T>(Write<T> write)
    {
        if (!_queue.Writer.TryWrite(write))
        {
            throw new ObjectDisposedException(nameof(SqliteSecretStore));
        }

        return write.Task;
    }

    private SqliteCommand Prepare(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Prepare();
        return command;
    }

    private void Run()
    {
        while (Next())
        {
            if (_batch is [{ Alone: true } alone])
            {
                try
                {
                    alone.Execute(_wrap);
                }
                catch (SqliteException e)
                {
                    alone.Fail(_wrap(e));
                }

                CompleteBatch();
            }
            else
            {
                Commit();
            }

            _batch.Clear();
        }
    }

    // Waits for work, then takes all that is queued (up to MaxBatch). Work that must run alone
    // ends a batch and forms its own.
    private bool Next()
    {
        if (_carried is { } carried)
        {
            _carried = null;
            _batch.Add(carried);
            return true;
        }

        var reader = _queue.Reader;
        Write? write;
        while (!reader.TryRead(out write))
        {
            if (!reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                return false;
            }
        }

        _batch.Add(write);
        while (!write.Alone && _batch.Count < MaxBatch && reader.TryRead(out write))
        {
            if (write.Alone)
            {
                _carried = write;
                break;
            }

            _batch.Add(write);
        }

        return true;
    }

    private void Commit()
    {
        try
        {
            // Each pass that meets a failing write rolls back and leaves that write out, so the
            // others are neither lost nor half applied.
            while (!TryCommitBatch())
            {
            }
        }
        catch (SqliteException e)
        {
            // BEGIN, COMMIT or the database itself failed: nothing of this batch is durable, so
            // nobody may be told otherwise.
            TryRollback();
            var failure = _wrap(e);
            foreach (var write in _batch)
            {
                write.Fail(failure);
            }
        }

        CompleteBatch();
    }

    // False when a write failed: the transaction was rolled back and the batch must run again.
    private bool TryCommitBatch()
    {
        _begin.ExecuteNonQuery();
        foreach (var write in _batch)
        {
            if (!write.Failed && !write.Execute(_wrap))
            {
                TryRollback();
                return false;
            }
        }

        _commit.ExecuteNonQuery();
        return true;
    }

    // One thread-pool item finishes the whole batch: the callers' continuations (writing their
    // responses) run there one after another, instead of one hand-off to the pool per caller. So
    // nothing may block on a store task: it would hold up the rest of its batch.
    private void CompleteBatch()
    {
        var done = _batch.ToArray();
        ThreadPool.UnsafeQueueUserWorkItem(
            static writes =>
            {
                foreach (var write in writes)
                {
                    write.Complete();
                }
            },
            done,
            preferLocal: false);
    }

    private void TryRollback()
    {
        if (_connection.State != System.Data.ConnectionState.Open)
        {
            return;
        }

        try
        {
            _rollback.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // No transaction was open (BEGIN failed, or SQLite already rolled back).
        }
    }

    private abstract class Write(bool alone, CancellationToken ct)
    {
        public bool Alone { get; } = alone;

        protected CancellationToken Cancellation { get; } = ct;

        /// <summary>True once the write threw: it is left out when the batch runs again.</summary>
        public abstract bool Failed { get; }

        /// <summary>Runs the write; false if it failed and must be rolled back.</summary>
        public abstract bool Execute(Func<SqliteException, Exception> wrap);

        public abstract void Fail(Exception failure);

        public abstract void Complete();
    }

    private sealed class Write<T>(Func<T> write, bool alone, CancellationToken ct) : Write(alone, ct)
    {
        private const int SqliteConstraint = 19;

        // Completed on a thread-pool thread (CompleteBatch), never on the commit thread, so the
        // continuations may run inline there.
        private readonly TaskCompletionSource<T> _done = new();
        private T? _result;
        private Exception? _failure;
        private bool _cancelled;

        public Task<T> Task => _done.Task;

        public override bool Failed => _failure is not null;

        public override bool Execute(Func<SqliteException, Exception> wrap)
        {
            // A caller that gave up before its turn gets nothing written; once written, it counts.
            if (Cancellation.IsCancellationRequested)
            {
                _cancelled = true;
                return true;
            }

            try
            {
                _result = write();
                return true;
            }
            catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraint)
            {
                _failure = wrap(e);
                return false;
            }
            catch (Exception e) when (e is not SqliteException)
            {
                _failure = e;
                return false;
            }
        }

        public override void Fail(Exception failure) => _failure = failure;

        public override void Complete()
        {
            if (_failure is not null)
            {
                _done.TrySetException(_failure);
            }
            else if (_cancelled)
            {
                _done.TrySetCanceled(Cancellation);
            }
            else
            {
                _done.TrySetResult(_result!);
            }
        }
    }
}
