using Microsoft.Win32.SafeHandles;

namespace Ledger.Storage;

/// <summary>
/// An <see cref="IFileDurability"/> that tells <paramref name="flushed"/> about each flush once it is
/// done, with the name of the store it serves (<paramref name="file"/>) and its kind
/// (<see cref="FsyncKind"/>, <see cref="FdatasyncKind"/>, <see cref="FolderKind"/>): at small blocks
/// a round costs what its flushes cost, so a node counts them per store
/// (<c>ledger_fsyncs_total{file,kind}</c>) and the flushes per block can be read off two samples.
/// </summary>
public sealed class CountedFileDurability(IFileDurability inner, string file, Action<string, string> flushed) : IFileDurability
{
    public const string FsyncKind = "fsync";
    public const string FdatasyncKind = "fdatasync";
    public const string FolderKind = "folder";

    private readonly IFileDurability _inner = inner ?? throw new ArgumentNullException(nameof(inner));
    private readonly Action<string, string> _flushed = flushed ?? throw new ArgumentNullException(nameof(flushed));

    public void FlushFile(SafeFileHandle file)
    {
        _inner.FlushFile(file);
        _flushed(File, FsyncKind);
    }

    public void FlushFileData(SafeFileHandle file)
    {
        _inner.FlushFileData(file);
        _flushed(File, FdatasyncKind);
    }

    public void FlushDirectory(string directory)
    {
        _inner.FlushDirectory(directory);
        _flushed(File, FolderKind);
    }

    /// <summary>The store this instance counts for.</summary>
    public string File { get; } = file ?? throw new ArgumentNullException(nameof(file));
}
