namespace Ledger.Node.Runtime;

/// <summary>One block from block sync: its canonical bytes and its commit evidence (QC + next-round child QC).</summary>
public sealed record FetchedCommittedBlock(ulong Height, byte[] Block, byte[] Evidence);
