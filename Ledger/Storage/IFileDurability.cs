using Microsoft.Win32.SafeHandles;

namespace Ledger.Storage;

/// <summary>
/// The calls that decide what survives a power loss: flushing a file's bytes to the device,
/// and flushing a directory, which is what makes a file created, renamed or deleted in it
/// durable (fsync on the file does not, by POSIX). Everything that writes safety data, blocks,
/// evidence or keys goes through one, so a test can substitute one that records the order.
/// </summary>
public interface IFileDurability
{
    /// <summary>fsync: the file's data and size are on the device when this returns.</summary>
    void FlushFile(SafeFileHandle file);

    /// <summary>fsync of the directory: its entries (files created, renamed, removed) are on the device when this returns.</summary>
    void FlushDirectory(string directory);

    /// <summary>
    /// fdatasync: the file's data are on the device when this returns, and so is its size, but not
    /// metadata that reading the data back does not need (its modification time). Only for a write
    /// in place into blocks the file already holds, where it spares the file system a journal commit
    /// for the timestamp; anything that grows a file uses <see cref="FlushFile"/>.
    /// </summary>
    void FlushFileData(SafeFileHandle file) => FlushFile(file);
}
