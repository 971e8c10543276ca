namespace Ledger.Consensus.Messages;

/// <summary>
/// A quorum of timeouts for one round, sorted by signer, no signer twice. A block proposed after
/// it must extend a QC at least as high as <see cref="MaxHighQcRound"/>.
/// </summary>
public sealed record TimeoutCertificate(ulong Round, IReadOnlyList<TimeoutSignature> Signatures, ulong Epoch = 0)
{
    public ulong MaxHighQcRound => Signatures.Count == 0 ? 0 : Signatures.Max(s => s.HighQcRound);

    public bool SameAs(TimeoutCertificate other) => Epoch == other.Epoch && Round == other.Round && Signatures.SequenceEqual(other.Signatures);
}
