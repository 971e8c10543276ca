namespace Ledger.Client.Evidence;

/// <summary>A node's answer did not carry evidence that verifies against genesis.</summary>
public class EvidenceException : Exception
{
    public EvidenceException()
    {
    }

    public EvidenceException(string message)
        : base(message)
    {
    }

    public EvidenceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
