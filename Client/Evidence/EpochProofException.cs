namespace Ledger.Client.Evidence;

/// <summary>An epoch-change proof that does not prove its epoch's validator set, with the <see cref="Fault"/>.</summary>
public sealed class EpochProofException : EvidenceException
{
    public EpochProofException()
    {
    }

    public EpochProofException(string message)
        : base(message)
    {
    }

    public EpochProofException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public EpochProofException(EpochProofFault fault, ulong epoch, string message)
        : base($"the proof of epoch {epoch} is refused ({fault}): {message}")
    {
        Fault = fault;
        Epoch = epoch;
    }

    public EpochProofFault Fault { get; }

    /// <summary>The epoch the refused proof was to prove.</summary>
    public ulong Epoch { get; }
}
