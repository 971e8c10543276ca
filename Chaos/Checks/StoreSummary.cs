using Ledger.Audit;
using Ledger.Crypto;

namespace Ledger.Chaos.Checks;

/// <summary>One validator's store after the run: its audit and the block id and state root at each height.</summary>
public sealed record StoreSummary(string Node, AuditReport Audit, IReadOnlyList<(ulong Height, Hash32 BlockId, Hash32 StateRoot)> Heads);
