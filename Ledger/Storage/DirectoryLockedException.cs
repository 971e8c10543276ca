namespace Ledger.Storage;

/// <summary>Another opener (another process, or another store in this one) holds the directory's <see cref="DirectoryLock"/>.</summary>
public sealed class DirectoryLockedException : IOException
{
    public DirectoryLockedException()
    {
    }

    public DirectoryLockedException(string message)
        : base(message)
    {
    }

    public DirectoryLockedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DirectoryLockedException(string directory, string? holder, Exception innerException)
        : base($"'{directory}' is in use by {holder ?? "another process"}; it is left untouched", innerException)
    {
        Directory = directory;
        Holder = holder;
    }

    /// <summary>The locked directory.</summary>
    public string? Directory { get; }

    /// <summary>Who holds it, as the holder recorded it (process id, purpose, command, since when), or null when unknown.</summary>
    public string? Holder { get; }
}
