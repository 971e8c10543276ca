using Ledger.Crypto;

namespace Ledger;

/// <summary>Per-node tunables of the ledger engine; rules that replicas must share come from genesis.</summary>
public sealed record LedgerEngineOptions
{
    /// <summary>How many verified transaction ids to remember (mempool to proposal).</summary>
    public int VerifiedCacheCapacity { get; init; } = 200_000;

    /// <summary>The consensus genesis block id (parent of height 1); default: <see cref="Genesis.GenesisState.DefaultBlockId"/>.</summary>
    public Hash32? GenesisBlockId { get; init; }
}
