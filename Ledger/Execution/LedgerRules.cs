using Ledger.Genesis;
using Ledger.Transactions;

namespace Ledger.Execution;

/// <summary>The chain's ledger rules, fixed at genesis and the same on every replica.</summary>
public sealed record LedgerRules(string ChainId, long ReplayWindowMs, long MaxClockSkewMs, PayloadLimits Limits)
{
    public static LedgerRules From(GenesisDocument genesis)
    {
        ArgumentNullException.ThrowIfNull(genesis);
        LedgerParameters p = genesis.Parameters;
        if (p.ReplayWindowMs <= 0 || p.MaxClockSkewMs < 0 || p.MaxBlockTransactions <= 0 || p.MaxTransactionBytes <= 0)
        {
            throw new ArgumentException("genesis ledger parameters must be positive (skew may be zero)", nameof(genesis));
        }

        return new LedgerRules(genesis.ChainId, p.ReplayWindowMs, p.MaxClockSkewMs, PayloadLimits.From(p));
    }
}
