using Ledger.Crypto;
using Ledger.Execution;

namespace Ledger.Storage.TransactionIds;

/// <summary>
/// The transaction id -> (height, index) index with memory that does not grow with the chain:
/// the ids of the newest blocks in a map (the window, at most
/// <see cref="TransactionIndexOptions.RunBlocks"/> blocks or about
/// <see cref="TransactionIndexOptions.RunTransactions"/> ids), and every older block in immutable
/// sorted run files in the <c>txindex</c> folder, each covering a range of blocks. When the window
/// is full it is sealed: it stays searchable while a background task sorts it and writes it as a
/// run (temporary file flushed, renamed, folder flushed), then it is dropped. Runs of similar size
/// that cover adjacent blocks are merged in the background, so their count stays about log2 of the
/// chain's ids over the window's (never above <see cref="TransactionIndexOptions.MaxRuns"/> once
/// no range is missing). A crash at any point loses only the window and a seal not yet renamed
/// into place: the runs on disk cover every block up to some height, which the store re-indexes
/// from the block records above it (a bounded number), and a merge interrupted after its rename
/// leaves runs the merged one contains, which open deletes. The commit path pays a map insert per
/// id; a seal's sort and write are off it (a commit waits only if the previous seal is still being
/// written when the next is due). Thread-safe: one writer (the store's), lookups from any thread.
/// </summary>
internal sealed class TransactionIndex : IDisposable
{
    public const string FolderName = "txindex";

    // Per id in a window: the dictionary entry (hash code, next, key 32, value 16) and its bucket.
    private const int BytesPerWindowEntry = 60;

    private readonly string _directory;
    private readonly IFileDurability _durability;
    private readonly TransactionIndexOptions _options;

    // Guards the window, the sealed window and the run list; a lookup holds it (read) while it
    // reads run files, so a merge disposes replaced runs only when no lookup uses them.
    private readonly ReaderWriterLockSlim _gate = new(LockRecursionPolicy.NoRecursion);
    private readonly Lock _mergeGate = new();
    private readonly CancellationTokenSource _stop = new();

    private Dictionary<Hash32, IndexedTransaction> _window = [];
    private ulong _windowFrom;
    private ulong _windowTop;

    // The window being written as a run (still searched), and the blocks it covers; it stays when
    // its write failed, and the next seal folds the window into it and writes both.
    private Dictionary<Hash32, IndexedTransaction>? _sealed;
    private ulong _sealedFrom;
    private ulong _sealedTop;
    private Task _sealing = Task.CompletedTask;

    // Disjoint, ordered by height; replaced whole (never changed in place) under the gate.
    private List<TransactionRun> _runs;

    private long _runsWritten;
    private long _runsMerged;

    private TransactionIndex(string directory, IFileDurability durability, TransactionIndexOptions options, List<TransactionRun> runs)
    {
        _directory = directory;
        _durability = durability;
        _options = options;
        _runs = runs;
        _windowFrom = (runs.Count == 0 ? 0 : runs[^1].To) + 1;
        _windowTop = _windowFrom - 1;
    }

    /// <summary>
    /// Opens the runs in <paramref name="dataDirectory"/>/txindex for a chain whose head is
    /// <paramref name="head"/>: temporary files, damaged runs, runs above the head and runs another
    /// one contains are deleted. The window starts above the highest run.
    /// </summary>
    public static TransactionIndex Open(string dataDirectory, ulong head, IFileDurability durability, TransactionIndexOptions options)
    {
        options.Validate();
        string directory = Path.Combine(dataDirectory, FolderName);
        DurableFiles.CreateDirectory(directory, durability);
        foreach (string temporary in Directory.EnumerateFiles(directory, "*.tmp"))
        {
            File.Delete(temporary);
        }

        var found = new List<TransactionRun>();
        foreach (string path in Directory.EnumerateFiles(directory, "*" + TransactionRun.Extension))
        {
            if (TransactionRun.TryOpen(path, out _) is { } run && run.To <= head)
            {
                found.Add(run);
            }
            else
            {
                File.Delete(path);
            }
        }

        // Widest first: a run overlapping one already kept is a merge's input left behind (or a
        // run of blocks since cut off), covered by what was kept or re-indexed from the blocks.
        var kept = new List<TransactionRun>();
        foreach (TransactionRun run in found.OrderByDescending(r => r.To - r.From))
        {
            if (kept.Exists(k => k.From <= run.To && run.From <= k.To))
            {
                run.Dispose();
                File.Delete(run.Path);
            }
            else
            {
                kept.Add(run);
            }
        }

        kept.Sort((a, b) => a.From.CompareTo(b.From));
        return new TransactionIndex(directory, durability, options, kept);
    }

    /// <summary>The first block the in-memory window covers; every block below it is in a run or in <see cref="Gaps"/>.</summary>
    public ulong WindowFrom
    {
        get
        {
            _gate.EnterReadLock();
            try
            {
                return _sealed is null ? _windowFrom : _sealedFrom;
            }
            finally
            {
                _gate.ExitReadLock();
            }
        }
    }

    /// <summary>Run files open.</summary>
    public int RunCount => Volatile.Read(ref _runs).Count;

    /// <summary>Runs written from a window or from re-indexed blocks since open.</summary>
    public long RunsWritten => Interlocked.Read(ref _runsWritten);

    /// <summary>Merges of two runs since open.</summary>
    public long RunsMerged => Interlocked.Read(ref _runsMerged);

    /// <summary>Completes when no seal is being written (for tests and the bench; merges it started included).</summary>
    public Task Sealing => _sealing;

    /// <summary>
    /// Managed bytes the index holds: the window's and the sealed window's maps (at their
    /// capacity) and each run's fences. Bounded by the options, whatever the chain's length.
    /// </summary>
    public long BytesHeld
    {
        get
        {
            _gate.EnterReadLock();
            try
            {
                long bytes = (long)_window.Capacity * BytesPerWindowEntry;
                bytes += (long)(_sealed?.Capacity ?? 0) * BytesPerWindowEntry;
                foreach (TransactionRun run in _runs)
                {
                    bytes += run.BytesHeld;
                }

                return bytes;
            }
            finally
            {
                _gate.ExitReadLock();
            }
        }
    }

    /// <summary>
    /// Moves the window's start up to <paramref name="height"/> (at open, before any block is
    /// added, when the runs end below the checked tail): the blocks in between become a gap.
    /// </summary>
    public void StartWindowAt(ulong height)
    {
        _gate.EnterWriteLock();
        try
        {
            if (_window.Count != 0 || height < _windowFrom)
            {
                throw new InvalidOperationException($"the window can only move up while empty (it starts at {_windowFrom})");
            }

            _windowFrom = height;
            _windowTop = height - 1;
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }

    /// <summary>
    /// The ranges of blocks below the window no run covers, newest first: what the store must
    /// re-index from the block records (<see cref="WriteRun"/>).
    /// </summary>
    public IReadOnlyList<(ulong From, ulong To)> Gaps()
    {
        List<TransactionRun> runs = Volatile.Read(ref _runs);
        ulong below = WindowFrom;
        var gaps = new List<(ulong, ulong)>();
        ulong next = 1;
        foreach (TransactionRun run in runs)
        {
            if (run.From > next)
            {
                gaps.Add((next, run.From - 1));
            }

            next = run.To + 1;
        }

        if (next < below)
        {
            gaps.Add((next, below - 1));
        }

        gaps.Reverse();
        return gaps;
    }

    /// <summary>Adds a committed block's ids to the window (the store's writer, blocks in order); seals the window when it is full.</summary>
    public void Add(ulong height, IReadOnlyList<Receipt> receipts)
    {
        bool full;
        _gate.EnterWriteLock();
        try
        {
            if (height != _windowTop + 1)
            {
                throw new InvalidOperationException($"the transaction index's window ends at block {_windowTop}, cannot add block {height}");
            }

            for (int i = 0; i < receipts.Count; i++)
            {
                IndexedTransaction.Keep(_window, receipts[i].TransactionId, new IndexedTransaction(new TransactionLocation(height, i), receipts[i].Succeeded));
            }

            _windowTop = height;
            full = _windowTop - _windowFrom + 1 >= (ulong)_options.RunBlocks || _window.Count >= _options.RunTransactions;
        }
        finally
        {
            _gate.ExitWriteLock();
        }

        if (full)
        {
            Seal();
        }
    }

    // Hands the window to a background write. Waits for the previous seal first, so at most two
    // windows are ever held (the back-pressure a disk slower than the chain gets).
    private void Seal()
    {
        try
        {
            _sealing.Wait();
        }
        catch (AggregateException)
        {
            // Its failure left the sealed window in place; it is written again with this one.
        }

        Dictionary<Hash32, IndexedTransaction> toWrite;
        ulong from;
        ulong top;
        _gate.EnterWriteLock();
        try
        {
            if (_sealed is { } failed)
            {
                foreach ((Hash32 id, IndexedTransaction entry) in _window)
                {
                    IndexedTransaction.Keep(failed, id, entry);
                }
            }
            else
            {
                _sealed = _window;
                _sealedFrom = _windowFrom;
            }

            _sealedTop = _windowTop;
            _window = [];
            _windowFrom = _windowTop + 1;
            (toWrite, from, top) = (_sealed, _sealedFrom, _sealedTop);
        }
        finally
        {
            _gate.ExitWriteLock();
        }

        CancellationToken stop = _stop.Token;
        _sealing = Task.Run(() =>
        {
            WriteRun(from, top, toWrite, stop);
            _gate.EnterWriteLock();
            try
            {
                _sealed = null;
            }
            finally
            {
                _gate.ExitWriteLock();
            }

            MergeWhileNeeded(stop);
        }, stop);
    }

    /// <summary>
    /// Writes the ids of blocks <paramref name="from"/> to <paramref name="top"/> as a run and adds
    /// it (a seal's write, or the store's re-indexing of a gap). Any thread.
    /// </summary>
    public TransactionRun WriteRun(ulong from, ulong top, Dictionary<Hash32, IndexedTransaction> ids, CancellationToken stop)
    {
        KeyValuePair<Hash32, IndexedTransaction>[] sorted = [.. ids];
        Array.Sort(sorted, static (a, b) => a.Key.CompareTo(b.Key));
        TransactionRun run = TransactionRun.Write(_directory, from, top, sorted, sorted.Length, _durability, stop);
        _gate.EnterWriteLock();
        try
        {
            _runs = [.. _runs.Append(run).OrderBy(r => r.From)];
        }
        finally
        {
            _gate.ExitWriteLock();
        }

        Interlocked.Increment(ref _runsWritten);
        return run;
    }

    /// <summary>
    /// Deletes the runs that cover only blocks below <paramref name="first"/> (the store's first
    /// stored height after a prune); a run that reaches <paramref name="first"/> stays whole.
    /// Not flushed: a deletion lost to a crash is repeated at the next open.
    /// </summary>
    public int DropRunsBelow(ulong first)
    {
        List<TransactionRun> dropped;
        lock (_mergeGate)
        {
            _gate.EnterWriteLock();
            try
            {
                dropped = [.. _runs.Where(r => r.To < first)];
                if (dropped.Count == 0)
                {
                    return 0;
                }

                _runs = [.. _runs.Where(r => r.To >= first)];
                foreach (TransactionRun run in dropped)
                {
                    run.Dispose();
                }
            }
            finally
            {
                _gate.ExitWriteLock();
            }
        }

        foreach (TransactionRun run in dropped)
        {
            File.Delete(run.Path);
        }

        return dropped.Count;
    }

    /// <summary>
    /// Forgets every block: the window, a sealed window (once its write is done) and every run,
    /// whose files are deleted; the window then starts at <paramref name="first"/>. For a store
    /// whose blocks are all replaced by a snapshot base above them; nothing else may add, write
    /// or merge runs meanwhile (the store holds its write lock and its re-indexing pass is over).
    /// Not flushed: a deletion lost to a crash is repeated at the next open (the runs are below
    /// the store's first height).
    /// </summary>
    public void RestartAt(ulong first)
    {
        try
        {
            _sealing.Wait();
        }
        catch (AggregateException)
        {
            // A failed seal's window is dropped with the rest.
        }

        List<TransactionRun> dropped;
        lock (_mergeGate)
        {
            _gate.EnterWriteLock();
            try
            {
                dropped = _runs;
                _runs = [];
                _window = [];
                _sealed = null;
                _windowFrom = first;
                _windowTop = first - 1;
                foreach (TransactionRun run in dropped)
                {
                    run.Dispose();
                }
            }
            finally
            {
                _gate.ExitWriteLock();
            }
        }

        foreach (TransactionRun run in dropped)
        {
            File.Delete(run.Path);
        }
    }

    /// <summary>Merges adjacent runs while two of similar size (or too many runs) call for it.</summary>
    public void MergeWhileNeeded(CancellationToken stop)
    {
        lock (_mergeGate)
        {
            while (!stop.IsCancellationRequested && PickMerge() is { } pair)
            {
                Merge(pair.Older, pair.Newer, stop);
            }
        }
    }

    // Adjacent runs whose entry counts are within a factor of two are merged (the newest pair
    // first), which keeps the count logarithmic at O(n log n) bytes written; past MaxRuns the
    // adjacent pair with the fewest entries goes whatever the sizes.
    private (TransactionRun Older, TransactionRun Newer)? PickMerge()
    {
        List<TransactionRun> runs = Volatile.Read(ref _runs);
        (TransactionRun, TransactionRun)? smallest = null;
        long smallestCount = long.MaxValue;
        for (int i = runs.Count - 1; i >= 1; i--)
        {
            TransactionRun older = runs[i - 1];
            TransactionRun newer = runs[i];
            if (older.To + 1 != newer.From)
            {
                continue;
            }

            if (Math.Max(older.Count, newer.Count) <= 2 * Math.Min(older.Count, newer.Count))
            {
                return (older, newer);
            }

            if (older.Count + newer.Count < smallestCount)
            {
                smallestCount = older.Count + newer.Count;
                smallest = (older, newer);
            }
        }

        return runs.Count > _options.MaxRuns ? smallest : null;
    }

    private void Merge(TransactionRun older, TransactionRun newer, CancellationToken stop)
    {
        TransactionRun merged = TransactionRun.Write(_directory, older.From, newer.To, MergeSorted(older.ReadAll(), newer.ReadAll()), older.Count + newer.Count, _durability, stop);
        _gate.EnterWriteLock();
        try
        {
            _runs = [.. _runs.Where(r => r != older && r != newer).Append(merged).OrderBy(r => r.From)];
            older.Dispose();
            newer.Dispose();
        }
        finally
        {
            _gate.ExitWriteLock();
        }

        // Not flushed: if a deletion is lost, open finds a run the merged one contains and deletes it.
        File.Delete(older.Path);
        File.Delete(newer.Path);
        Interlocked.Increment(ref _runsMerged);
    }

    private static IEnumerable<KeyValuePair<Hash32, IndexedTransaction>> MergeSorted(
        IEnumerable<KeyValuePair<Hash32, IndexedTransaction>> left, IEnumerable<KeyValuePair<Hash32, IndexedTransaction>> right)
    {
        using IEnumerator<KeyValuePair<Hash32, IndexedTransaction>> a = left.GetEnumerator();
        using IEnumerator<KeyValuePair<Hash32, IndexedTransaction>> b = right.GetEnumerator();
        bool hasA = a.MoveNext();
        bool hasB = b.MoveNext();
        while (hasA || hasB)
        {
            int order = !hasA ? 1 : !hasB ? -1 : a.Current.Key.CompareTo(b.Current.Key);
            if (order < 0)
            {
                yield return a.Current;
                hasA = a.MoveNext();
            }
            else if (order > 0)
            {
                yield return b.Current;
                hasB = b.MoveNext();
            }
            else
            {
                // The same id committed in both ranges (a faulty proposer's repeat).
                yield return new(a.Current.Key, IndexedTransaction.Best(a.Current.Value, b.Current.Value)!.Value);
                hasA = a.MoveNext();
                hasB = b.MoveNext();
            }
        }
    }

    /// <summary>
    /// The better occurrence of <paramref name="id"/> among the window, the sealed window and the
    /// runs (newest first, stopping at a successful one: at most one occurrence succeeds), or null.
    /// </summary>
    public IndexedTransaction? Find(Hash32 id)
    {
        _gate.EnterReadLock();
        try
        {
            IndexedTransaction? best = _window.TryGetValue(id, out IndexedTransaction w) ? w : null;
            if (_sealed is { } sealedWindow && sealedWindow.TryGetValue(id, out IndexedTransaction s))
            {
                best = IndexedTransaction.Best(best, s);
            }

            List<TransactionRun> runs = _runs;
            for (int i = runs.Count - 1; i >= 0 && best is not { Succeeded: true }; i--)
            {
                best = IndexedTransaction.Best(best, runs[i].Find(id));
            }

            return best;
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _sealing.Wait();
        }
        catch (AggregateException)
        {
            // Cancelled, or the write failed: the window is re-indexed from the blocks at the next open.
        }

        lock (_mergeGate)
        {
            foreach (TransactionRun run in _runs)
            {
                run.Dispose();
            }
        }

        _stop.Dispose();
        _gate.Dispose();
    }
}
