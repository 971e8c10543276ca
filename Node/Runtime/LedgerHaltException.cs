namespace Ledger.Node.Runtime;

/// <summary>An invariant of the ledger failed (conservation, divergent state root): the node must stop committing.</summary>
public sealed class LedgerHaltException : Exception
{
    public LedgerHaltException()
    {
    }

    public LedgerHaltException(string message)
        : base(message)
    {
    }

    public LedgerHaltException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
