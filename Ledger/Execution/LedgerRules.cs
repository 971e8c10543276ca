using Ledger.Genesis;
using Ledger.Transactions;

namespace Ledger.Execution;

/// <summary>The chain's ledger rules, fixed at genesis and the same on every replica.</summary>
public sealed record LedgerRules(string ChainId, long ReplayWindowMs, long MaxClockSkewMs, PayloadLimits Limits)
{
    /// <summary>
    /// Whether validator-set changes may apply. Off (every change is refused by admission and
    /// fails its receipt, <see cref="ReceiptStatus.ValidatorSetChangesDisabled"/>) until the
    /// consensus core switches validator sets at epoch boundaries; only code turns it on
    /// (<see cref="LedgerEngineOptions.EnableValidatorSetChanges"/>, never node.json).
    /// </summary>
    public bool ValidatorSetChangesEnabled { get; init; }

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
