namespace Ledger.Node.Runtime;

/// <summary>A peer's answer to a block sync request: some blocks, and how far it has committed.</summary>
public sealed record CommittedBatch(IReadOnlyList<FetchedCommittedBlock> Blocks, ulong PeerCommittedHeight);
