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
}
