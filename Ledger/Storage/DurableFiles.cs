namespace Ledger.Storage;

/// <summary>The write patterns that survive a power loss, built on an <see cref="IFileDurability"/>.</summary>
public static class DurableFiles
{
    /// <summary>
    /// Creates <paramref name="directory"/> and any missing parents, and flushes the parent of
    /// each one created, so the new folders are still there after a power loss.
    /// </summary>
    public static void CreateDirectory(string directory, IFileDurability durability)
    {
        ArgumentNullException.ThrowIfNull(durability);
        var missing = new Stack<string>();
        for (string? folder = Path.GetFullPath(directory); folder is not null && !Directory.Exists(folder); folder = Path.GetDirectoryName(folder))
        {
            missing.Push(folder);
        }

        Directory.CreateDirectory(directory);
        while (missing.TryPop(out string? created))
        {
            if (Path.GetDirectoryName(created) is { } parent)
            {
                durability.FlushDirectory(parent);
            }
        }
    }

    /// <summary>
    /// Replaces <paramref name="path"/> with <paramref name="bytes"/> so that after a crash or a
    /// power loss at any instant the file holds either the old or the new bytes, whole: written to
    /// a temporary file that is flushed, renamed over the target, then the directory flushed (the
    /// rename is durable only then; without it a restarted machine may find the old file).
    /// </summary>
    public static void ReplaceAtomically(string path, ReadOnlySpan<byte> bytes, IFileDurability durability)
    {
        ArgumentNullException.ThrowIfNull(durability);
        string full = Path.GetFullPath(path);
        string temporary = full + ".tmp";
        using (var file = File.OpenHandle(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            RandomAccess.Write(file, bytes, 0);
            durability.FlushFile(file);
        }

        File.Move(temporary, full, overwrite: true);
        durability.FlushDirectory(Path.GetDirectoryName(full)!);
    }

    /// <summary>Creates <paramref name="path"/> (refusing an existing file) with <paramref name="bytes"/>, flushed, and flushes its directory.</summary>
    public static void WriteNew(string path, ReadOnlySpan<byte> bytes, IFileDurability durability, UnixFileMode? mode = null)
    {
        ArgumentNullException.ThrowIfNull(durability);
        string full = Path.GetFullPath(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (mode is { } unixMode && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = unixMode;
        }

        using (var file = new FileStream(full, options))
        {
            file.Write(bytes);
            file.Flush(flushToDisk: false);
            durability.FlushFile(file.SafeFileHandle);
        }

        durability.FlushDirectory(Path.GetDirectoryName(full)!);
    }
}
