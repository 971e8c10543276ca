using Ledger.Crypto;
using Ledger.State;

namespace Ledger;

/// <summary>The latest committed block and its state: one immutable snapshot, safe to read from any thread.</summary>
public sealed record CommittedView(ulong Height, Hash32 BlockId, LedgerState State)
{
    public Hash32 StateRoot => State.Root;
}
