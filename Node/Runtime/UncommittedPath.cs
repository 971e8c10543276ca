using Ledger.Consensus.Messages;
using Ledger.Crypto;

namespace Ledger.Node.Runtime;

/// <summary>
/// What only the event loop can see for a sync reply: the uncommitted blocks from a target down
/// to the committed chain (by id), and the target's QC if the core or the pending store knows it.
/// Taken on the loop in one short walk; the reply itself is built from it off the loop.
/// </summary>
public sealed record UncommittedPath(IReadOnlyDictionary<Hash32, Block> Blocks, QuorumCertificate? TargetQc)
{
    public static UncommittedPath None { get; } = new(new Dictionary<Hash32, Block>(), null);
}
