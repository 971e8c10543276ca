namespace Ledger.Snapshots;

/// <summary>A snapshot offered by a peer was refused (nothing was installed); <see cref="Reason"/> says why.</summary>
public sealed class SnapshotRefusedException : Exception
{
    public SnapshotRefusedException()
    {
    }

    public SnapshotRefusedException(string message)
        : base(message)
    {
    }

    public SnapshotRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SnapshotRefusedException(SnapshotRefusal reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    public SnapshotRefusal Reason { get; }
}
