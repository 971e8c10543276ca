using Ledger.Crypto;

namespace Ledger.Node.Runtime;

/// <summary>A committed block as the core reports it: id, height, round, canonical bytes, commit evidence bytes.</summary>
public sealed record CommittedBlockRecord(Hash32 BlockId, ulong Height, ulong Round, byte[] Block, byte[] Evidence);
