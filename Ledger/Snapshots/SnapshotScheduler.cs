using Microsoft.Extensions.Logging;

namespace Ledger.Snapshots;

/// <summary>
/// Writes a snapshot of the committed state every <see cref="EveryBlocks"/> heights, off the
/// committing thread: a committed view is immutable, so a thread-pool task can walk it while the
/// event loop goes on committing. At most one write runs at a time; a height reached while one is
/// running is skipped (the next multiple is taken instead), so snapshots can never queue up
/// behind a slow disk. A failed write is logged and leaves the older snapshots in place.
/// </summary>
public sealed class SnapshotScheduler : IDisposable
{
    private readonly SnapshotStore _store;
    private readonly ILogger _logger;
    private readonly Action<ulong>? _afterWrite;
    private Task? _running;

    /// <summary>
    /// <paramref name="written"/>, if given, runs after each snapshot is durably written, on the
    /// same background task (so it never overlaps a write or itself): the engine prunes old
    /// blocks there.
    /// </summary>
    public SnapshotScheduler(SnapshotStore store, int everyBlocks, ILogger logger, Action<ulong>? written = null)
    {
        _afterWrite = written;
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfNegative(everyBlocks);
        ArgumentNullException.ThrowIfNull(logger);
        _store = store;
        EveryBlocks = everyBlocks;
        _logger = logger;
    }

    /// <summary>The snapshot files this scheduler writes into (what a node offers its peers).</summary>
    public SnapshotStore Store => _store;

    /// <summary>The snapshot interval in blocks; 0 writes none.</summary>
    public int EveryBlocks { get; }

    /// <summary>Snapshots written since start.</summary>
    public int Written => Volatile.Read(ref _written);

    /// <summary>Heights skipped because the previous write was still running.</summary>
    public int Skipped => Volatile.Read(ref _skipped);

    private int _written;
    private int _skipped;
    private long _lastHeight;

    /// <summary>The height of the last snapshot this scheduler wrote (0: none yet).</summary>
    public ulong LastHeight => (ulong)Volatile.Read(ref _lastHeight);

    /// <summary>The write in progress (or the last one), for callers that must wait for it.</summary>
    public Task Pending => Volatile.Read(ref _running) ?? Task.CompletedTask;

    /// <summary>Called after each commit (one thread): starts a write if the height is due and none is running.</summary>
    public void Committed(CommittedView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (EveryBlocks == 0 || view.Height % (ulong)EveryBlocks != 0)
        {
            return;
        }

        if (_running is { IsCompleted: false })
        {
            Interlocked.Increment(ref _skipped);
            LedgerLog.SnapshotSkipped(_logger, view.Height);
            return;
        }

        Volatile.Write(ref _running, Task.Run(() => Write(view)));
    }

    private void Write(CommittedView view)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            long bytes = _store.Write(view);
            Volatile.Write(ref _lastHeight, (long)view.Height);
            Interlocked.Increment(ref _written);
            LedgerLog.SnapshotWritten(_logger, view.Height, bytes, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LedgerLog.SnapshotFailed(_logger, view.Height, e.Message);
            return;
        }

        _afterWrite?.Invoke(view.Height);
    }

    /// <summary>Waits for a write in progress: its file is either whole or removed at the next open.</summary>
    public void Dispose() => Pending.GetAwaiter().GetResult();
}
