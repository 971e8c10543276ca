using Ledger.Storage;
using Microsoft.Win32.SafeHandles;

namespace Ledger.TestKit;

/// <summary>
/// The real <see cref="OsFileDurability"/>, recording each flush in order; a directory flush
/// records the names the directory held at that moment, so a test can tell whether a rename or
/// a new file was already in place when its directory was made durable.
/// </summary>
public sealed class RecordingDurability : IFileDurability
{
    private readonly Lock _gate = new();
    private readonly List<DurabilityEvent> _events = [];

    public IReadOnlyList<DurabilityEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>The directory flushes of <paramref name="directory"/>, in order.</summary>
    public IReadOnlyList<DurabilityEvent> DirectoryFlushes(string directory) =>
        [.. Events.Where(e => e.Directory == Path.GetFullPath(directory))];

    public void Clear()
    {
        lock (_gate)
        {
            _events.Clear();
        }
    }

    public void FlushFile(SafeFileHandle file)
    {
        OsFileDurability.Instance.FlushFile(file);
        lock (_gate)
        {
            _events.Add(new DurabilityEvent(null, []));
        }
    }

    public void FlushFileData(SafeFileHandle file)
    {
        OsFileDurability.Instance.FlushFileData(file);
        lock (_gate)
        {
            _events.Add(new DurabilityEvent(null, [], DataOnly: true));
        }
    }

    public void FlushDirectory(string directory)
    {
        OsFileDurability.Instance.FlushDirectory(directory);
        string full = Path.GetFullPath(directory);
        string[] names = [.. Directory.EnumerateFileSystemEntries(full).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];
        lock (_gate)
        {
            _events.Add(new DurabilityEvent(full, names));
        }
    }
}
