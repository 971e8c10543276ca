namespace Ledger.Client.Evidence;

/// <summary>
/// Evidence signed in an epoch whose validator set is not proven from genesis yet: nothing about
/// it is verified, it is unknown. The remedy is to fetch the epoch-change proofs after
/// <see cref="HighestProven"/> (GetEpochProofs) and verify again.
/// </summary>
public sealed class UnprovenEpochException : EvidenceException
{
    public UnprovenEpochException()
    {
    }

    public UnprovenEpochException(string message)
        : base(message)
    {
    }

    public UnprovenEpochException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public UnprovenEpochException(ulong epoch, ulong highestProven, string what)
        : base($"{what} is signed in epoch {epoch}, whose validator set is not proven from genesis (proven: epochs 0..{highestProven}); "
            + $"it is unverified: fetch the epoch-change proofs from epoch {highestProven} (GetEpochProofs) and check again")
    {
        Epoch = epoch;
        HighestProven = highestProven;
    }

    public ulong Epoch { get; }

    public ulong HighestProven { get; }
}
