namespace Ledger.Node.Runtime;

/// <summary>
/// The node's seam to the consensus core: a synchronous, I/O-free step function plus the few
/// read-only views the node needs for status and block sync. Only the event loop calls
/// <see cref="Handle"/>, always from one thread.
/// </summary>
public interface IReplicaEngine
{
    IReadOnlyList<ReplicaAction> Handle(ReplicaEvent input);

    ReplicaView View { get; }

    /// <summary>
    /// Checks a block fetched during sync against its commit evidence (block QC and next-round child
    /// QC, signatures against the genesis validator keys) without changing any state.
    /// </summary>
    CommittedBlockCheck VerifyCommitted(byte[] block, byte[] evidence);

    /// <summary>A block the core holds (committed or pending) and up to <paramref name="maxAncestors"/> of its ancestors.</summary>
    IReadOnlyList<byte[]> GetBlockWithAncestors(Ledger.Crypto.Hash32 blockId, int maxAncestors);
}
