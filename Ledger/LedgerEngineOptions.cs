using Ledger.Crypto;
using Ledger.Execution;

namespace Ledger;

/// <summary>Per-node tunables of the ledger engine; rules that replicas must share come from genesis.</summary>
public sealed record LedgerEngineOptions
{
    /// <summary>How many verified transaction ids to remember (mempool to proposal).</summary>
    public int VerifiedCacheCapacity { get; init; } = 200_000;

    /// <summary>The consensus genesis block id (parent of height 1); default: <see cref="Genesis.GenesisState.DefaultBlockId"/>.</summary>
    public Hash32? GenesisBlockId { get; init; }

    /// <summary>
    /// How client signatures are checked; null is <see cref="Ed25519ClientSignatureCheck"/>. Code
    /// sets this, never a configuration file: only the benchmark's own validator host passes
    /// another check.
    /// </summary>
    public IClientSignatureCheck? ClientSignatures { get; init; }
}
