using Ledger.Crypto;

namespace Ledger.Chaos.Workload;

/// <summary>A transfer the workload signed (and so may have sent): who, to whom, how much.</summary>
public sealed record SignedTransfer(Hash32 Id, PublicKey From, PublicKey To, ulong Amount);
