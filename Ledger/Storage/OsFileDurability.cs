using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Ledger.Storage;

/// <summary>
/// <see cref="IFileDurability"/> on the real file system. .NET has no call that flushes a
/// directory (it refuses to open one as a file), so on Linux and macOS the directory is opened
/// with open(2) and flushed with fsync(2). On Windows, NTFS journals directory changes and
/// File.Move is already write-through, so there is nothing to flush.
/// </summary>
public sealed partial class OsFileDurability : IFileDurability
{
    public static OsFileDurability Instance { get; } = new();

    private OsFileDurability()
    {
    }

    public void FlushFile(SafeFileHandle file) => RandomAccess.FlushToDisk(file);

    /// <summary>fdatasync(2) on Linux; elsewhere the full flush, which is never less durable.</summary>
    public void FlushFileData(SafeFileHandle file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!OperatingSystem.IsLinux())
        {
            RandomAccess.FlushToDisk(file);
            return;
        }

        bool added = false;
        try
        {
            file.DangerousAddRef(ref added);
            if (Fdatasync((int)file.DangerousGetHandle()) != 0)
            {
                throw new IOException($"cannot flush a file's data to the device (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            if (added)
            {
                file.DangerousRelease();
            }
        }
    }

    public void FlushDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        int descriptor = Open(directory, ReadOnly | (OperatingSystem.IsMacOS() ? MacDirectory : LinuxDirectory));
        if (descriptor < 0)
        {
            throw new IOException($"cannot open directory '{directory}' to flush it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (Fsync(descriptor) != 0)
            {
                throw new IOException($"cannot flush directory '{directory}' to the device (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    private const int ReadOnly = 0;
    private const int LinuxDirectory = 0x10000; // O_DIRECTORY on x86-64 and arm64 Linux
    private const int MacDirectory = 0x100000; // O_DIRECTORY on macOS

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static partial int Fdatasync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}
