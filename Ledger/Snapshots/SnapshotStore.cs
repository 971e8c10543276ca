using System.Globalization;
using Ledger.Crypto;
using Ledger.Storage;

namespace Ledger.Snapshots;

/// <summary>
/// The snapshot files of one ledger store, in its <c>snapshots</c> folder, one per snapshotted
/// height (<c>{height:D20}.snapshot</c>), keeping the newest <see cref="Kept"/>. A file is written
/// to a temporary name, flushed, renamed and the folder flushed, so after a crash a snapshot file
/// is either whole or absent; leftovers of an interrupted write are removed on open.
/// </summary>
public sealed class SnapshotStore
{
    public const string FolderName = "snapshots";
    private const string Extension = ".snapshot";
    private const string TemporaryExtension = ".snapshot.tmp";

    private readonly string _folder;
    private readonly IFileDurability _durability;

    public SnapshotStore(string dataDirectory, int kept, IFileDurability durability)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        ArgumentOutOfRangeException.ThrowIfLessThan(kept, 1);
        ArgumentNullException.ThrowIfNull(durability);
        _folder = Path.Combine(Path.GetFullPath(dataDirectory), FolderName);
        _durability = durability;
        Kept = kept;
        DurableFiles.CreateDirectory(_folder, durability);
        foreach (string leftover in Directory.EnumerateFiles(_folder, "*" + TemporaryExtension))
        {
            File.Delete(leftover);
        }
    }

    public int Kept { get; }

    public string Folder => _folder;

    /// <summary>The heights that have a snapshot file, newest first.</summary>
    public IReadOnlyList<ulong> Heights() =>
        [.. Directory.EnumerateFiles(_folder, "*" + Extension)
            .Select(p => ulong.TryParse(Path.GetFileNameWithoutExtension(p), NumberStyles.None, CultureInfo.InvariantCulture, out ulong h) ? h : (ulong?)null)
            .OfType<ulong>()
            .OrderDescending()];

    public string PathOf(ulong height) => Path.Combine(_folder, height.ToString("D20", CultureInfo.InvariantCulture) + Extension);

    /// <summary>Writes a snapshot of <paramref name="view"/> durably, then deletes all but the newest <see cref="Kept"/>; returns its size in bytes.</summary>
    public long Write(CommittedView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        string target = PathOf(view.Height);
        string temporary = Path.ChangeExtension(target, TemporaryExtension);
        long length;
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
        {
            length = SnapshotFormat.Write(file, view);
            file.Flush(flushToDisk: false);
            _durability.FlushFile(file.SafeFileHandle);
        }

        File.Move(temporary, target, overwrite: true);
        _durability.FlushDirectory(_folder);
        Prune();
        return length;
    }

    /// <summary>
    /// Moves a complete, checked snapshot file (a download) in as the snapshot of
    /// <paramref name="height"/>: the file is flushed, renamed into the folder and the folder
    /// flushed, as <see cref="Write"/> does with its own files. The source must be on the same
    /// file system (the node downloads into its data directory).
    /// </summary>
    public void Adopt(string file, ulong height)
    {
        ArgumentException.ThrowIfNullOrEmpty(file);
        using (var handle = File.OpenHandle(file, FileMode.Open, FileAccess.ReadWrite))
        {
            _durability.FlushFile(handle);
        }

        File.Move(file, PathOf(height), overwrite: true);
        _durability.FlushDirectory(_folder);
    }

    /// <summary>Reads and checks the snapshot at <paramref name="height"/> (<see cref="SnapshotFormat.Read"/>); a <see cref="FormatException"/> if it is bad.</summary>
    public CommittedView Read(ulong height)
    {
        using var file = new FileStream(PathOf(height), FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return SnapshotFormat.Read(file, file.Length);
    }

    /// <summary>
    /// The newest snapshot at or below <paramref name="maxHeight"/> whose block id and state root
    /// are the ones <paramref name="committed"/> gives for its height (the committed chain's, which
    /// its QC certified), or null. Each snapshot passed over is reported to
    /// <paramref name="rejected"/> with the reason, and the next older one is tried.
    /// </summary>
    public CommittedView? LoadLatest(ulong maxHeight, Func<ulong, (Hash32 BlockId, Hash32 StateRoot)?> committed, Action<ulong, string> rejected)
    {
        ArgumentNullException.ThrowIfNull(committed);
        ArgumentNullException.ThrowIfNull(rejected);
        foreach (ulong height in Heights())
        {
            if (height > maxHeight)
            {
                rejected(height, $"it is above the committed head {maxHeight}");
                continue;
            }

            if (committed(height) is not { } expected)
            {
                rejected(height, "the store has no committed block at its height");
                continue;
            }

            CommittedView view;
            try
            {
                view = Read(height);
            }
            catch (Exception e) when (e is FormatException or IOException)
            {
                rejected(height, e.Message);
                continue;
            }

            if (view.BlockId != expected.BlockId || view.StateRoot != expected.StateRoot)
            {
                rejected(height, $"it holds block {view.BlockId.ToShortHex()} with state root {view.StateRoot.ToShortHex()}, the committed chain has block {expected.BlockId.ToShortHex()} with root {expected.StateRoot.ToShortHex()}");
                continue;
            }

            return view;
        }

        return null;
    }

    private void Prune()
    {
        bool removed = false;
        foreach (ulong height in Heights().Skip(Kept))
        {
            File.Delete(PathOf(height));
            removed = true;
        }

        if (removed)
        {
            _durability.FlushDirectory(_folder);
        }
    }
}
