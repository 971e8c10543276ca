using System.Globalization;

namespace Ledger.Storage;

/// <summary>
/// Keeps a directory to one process at a time: an exclusive lock on a <see cref="FileName"/> file
/// inside it (.NET takes it with flock(LOCK_EX) on Unix for <see cref="FileShare.None"/>), held
/// until <see cref="Dispose"/> or until the process ends. The kernel drops the lock of a process
/// that dies, however it dies, so there is never a stale lock to clean up; the file itself stays.
/// A second opener, in this process or another, gets a <see cref="DirectoryLockedException"/>
/// naming the holder, which writes who it is to <see cref="OwnerFileName"/> once it holds the lock
/// (the locked file cannot be read by another opener: .NET's own read locks conflict with it).
/// A store opened twice is not harmless: the second LiteDB engine checkpoints and deletes the
/// log file the first one is still writing, and the second opener cuts the first one's record
/// in flight off the block file.
/// </summary>
public sealed class DirectoryLock : IDisposable
{
    public const string FileName = "LOCK";

    public const string OwnerFileName = "LOCK.owner";

    private readonly FileStream _file;

    private DirectoryLock(string directory, FileStream file)
    {
        Directory = directory;
        _file = file;
    }

    /// <summary>The locked directory, as a full path.</summary>
    public string Directory { get; }

    /// <summary>
    /// Creates <paramref name="directory"/> if needed and locks it for this process, or throws
    /// <see cref="DirectoryLockedException"/> if another opener holds it. <paramref name="purpose"/>
    /// says what holds it ("node org1-v1", "ledger audit"), for the message a second opener gets.
    /// </summary>
    public static DirectoryLock Acquire(string directory, string purpose)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        string full = Path.GetFullPath(directory);
        if (FileLockingDisabled())
        {
            throw new IOException($"cannot lock '{full}': file locking is switched off in this process (DOTNET_SYSTEM_IO_DISABLEFILELOCKING or System.IO.DisableFileLocking), so nothing would keep a second process out of it");
        }

        System.IO.Directory.CreateDirectory(full);
        FileStream file;
        try
        {
            file = new FileStream(Path.Combine(full, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (e.GetType() == typeof(IOException))
        {
            // A plain IOException on open with OpenOrCreate is the sharing violation (EWOULDBLOCK
            // from flock); a missing folder or a permission problem has its own exception type.
            throw new DirectoryLockedException(full, ReadOwner(full), e);
        }

        try
        {
            File.WriteAllText(Path.Combine(full, OwnerFileName), Describe(purpose));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The lock holds without the note; a second opener is then told less.
        }

        return new DirectoryLock(full, file);
    }

    /// <summary>Who holds <paramref name="directory"/> as its holder wrote it, or null when unknown.</summary>
    public static string? ReadOwner(string directory)
    {
        try
        {
            string text = File.ReadAllText(Path.Combine(directory, OwnerFileName)).Trim();
            return text.Length == 0 ? null : text;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Dispose() => _file.Dispose();

    private static string Describe(string purpose)
    {
        string[] arguments = Environment.GetCommandLineArgs();
        string command = string.Join(' ', [Path.GetFileNameWithoutExtension(arguments[0]), .. arguments.Skip(1)]);
        if (command.Length > 200)
        {
            command = command[..200] + "...";
        }

        return string.Create(CultureInfo.InvariantCulture, $"process {Environment.ProcessId} ({purpose}: {command}) since {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss} UTC");
    }

    private static bool FileLockingDisabled()
    {
        if (AppContext.TryGetSwitch("System.IO.DisableFileLocking", out bool disabled))
        {
            return disabled;
        }

        string? variable = Environment.GetEnvironmentVariable("DOTNET_SYSTEM_IO_DISABLEFILELOCKING");
        return variable is not null && (variable == "1" || variable.Equals("true", StringComparison.OrdinalIgnoreCase));
    }
}
