namespace Ledger.Storage;

/// <summary>The data directory does not hold a consistent chain for this genesis; the node must not start on it.</summary>
public sealed class StoreCorruptedException : Exception
{
    public StoreCorruptedException()
    {
    }

    public StoreCorruptedException(string message)
        : base(message)
    {
    }

    public StoreCorruptedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
