using System.Collections.Concurrent;
using Microsoft.Win32.SafeHandles;

namespace OneTime.Server.Storage;

/// <summary>
/// Acknowledges committed batches only once the WAL holding them is on disk. The writer runs with
/// <c>synchronous=NORMAL</c>, so its COMMIT returns when the pages are written to the WAL but not
/// yet synced; this thread then fsyncs the WAL and only after that completes the batch's callers.
/// Meanwhile the writer already runs the next batch, instead of waiting out every fsync itself.
/// One fsync covers every batch committed before it started, and SQLite's recovery keeps a prefix
/// of the commits, so an acknowledged write and everything before it survive a power loss.
/// </summary>
internal sealed class SqliteWalFlusher : IDisposable
{
    private readonly BlockingCollection<Action<Exception?>> _committed = [];
    private readonly string _walPath;
    private readonly Thread _thread;
    private readonly List<Action<Exception?>> _taken = [];
    private SafeFileHandle? _wal;
    private volatile Exception? _broken;

    /// <param name="walPath">The database's <c>-wal</c> file.</param>
    public SqliteWalFlusher(string walPath)
    {
        _walPath = walPath;
        _thread = new Thread(Run) { IsBackground = true, Name = "SQLite WAL fsync" };
        _thread.Start();
    }

    /// <summary>
    /// Set once an fsync failed. Linux reports a failed write-back once and then forgets it, so
    /// nothing written since can be trusted to reach the disk: every later write fails too (as
    /// PostgreSQL stops on a failed fsync), and readiness reports the store down.
    /// </summary>
    public Exception? Broken => _broken;

    /// <summary>Calls <paramref name="acknowledge"/> after the next fsync (with its failure, if it failed).</summary>
    public void AfterNextSync(Action<Exception?> acknowledge) => _committed.Add(acknowledge);

    public void Dispose()
    {
        if (_committed.IsAddingCompleted)
        {
            return;
        }

        _committed.CompleteAdding();
        _thread.Join();
        _wal?.Dispose();
    }

    private void Run()
    {
        foreach (var first in _committed.GetConsumingEnumerable())
        {
            // Everything queued now was committed before this fsync starts, so it covers them all.
            _taken.Add(first);
            while (_committed.TryTake(out var next))
            {
                _taken.Add(next);
            }

            var failure = Sync();
            foreach (var acknowledge in _taken)
            {
                acknowledge(failure);
            }

            _taken.Clear();
        }
    }

    private Exception? Sync()
    {
        if (_broken is { } broken)
        {
            return broken;
        }

        try
        {
            // One handle for the store's life: the writer keeps the WAL file (a checkpoint only
            // truncates it), and fsync flushes the file whichever descriptor wrote to it.
            _wal ??= File.OpenHandle(_walPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            RandomAccess.FlushToDisk(_wal);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _broken = e;
            return e;
        }
    }
}
