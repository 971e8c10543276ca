using Ledger.Crypto;

namespace Ledger.Audit;

/// <summary>What an audit checked and, if the chain diverged, where first.</summary>
public sealed record AuditReport(
    ulong BlocksChecked,
    long TransactionsChecked,
    long SignaturesVerified,
    ulong HeadHeight,
    Hash32 StateRoot,
    ulong TotalSupply,
    AuditDivergence? Divergence)
{
    public bool Clean => Divergence is null;

    /// <summary>Where the replay started: 0 for genesis, else the snapshot height a store installed from a snapshot begins above (nothing below it was re-verified).</summary>
    public ulong StartHeight { get; init; }
}
