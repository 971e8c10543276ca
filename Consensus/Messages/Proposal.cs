namespace Ledger.Consensus.Messages;

/// <summary>
/// A leader's proposal: the block, plus the TC for the previous round when the block's QC is not
/// from the previous round (the round was entered by timeout).
/// </summary>
public sealed record Proposal(Block Block, TimeoutCertificate? LastRoundTc) : SignedMessage
{
    public ulong Round => Block.Round;
}
