using Ledger.Crypto;

namespace Ledger.Consensus.Messages;

/// <summary>
/// A proposal as its signature sees it: the block's header fields, with the payload's hash in
/// place of the payload, and the proposer's signature. The signature covers only the block id,
/// which is the hash of exactly these fields and the chain id, so two of these with different
/// fields, both validly signed by one proposer for one round, prove a proposal equivocation in a
/// few hundred bytes, whatever the blocks' sizes.
/// </summary>
public sealed record SignedBlockHeader(
    ulong Round, ulong Height, Hash32 ParentId, ulong JustifyRound, Hash32 PayloadHash, long TimestampMs, int Proposer, Signature Signature,
    ulong Epoch = 0) : SignedMessage
{
    public static SignedBlockHeader Of(Block block)
    {
        ArgumentNullException.ThrowIfNull(block);
        return new(block.Round, block.Height, block.ParentId, block.Justify.Round, block.PayloadHash, block.TimestampMs, block.Proposer, block.Signature, block.Epoch);
    }

    /// <summary>The id of the block this header describes (<see cref="Block.ComputeId"/>).</summary>
    public Hash32 BlockId(string chainId) => Block.ComputeId(chainId, Epoch, Round, Height, ParentId, JustifyRound, PayloadHash, TimestampMs, Proposer);

    /// <summary>Whether both describe the same block (equal fields), whatever their signatures.</summary>
    public bool SameBlockAs(SignedBlockHeader other) => other is not null && this == other with { Signature = Signature };
}
