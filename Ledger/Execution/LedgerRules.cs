using Ledger.Genesis;
using Ledger.Transactions;

namespace Ledger.Execution;

/// <summary>The chain's ledger rules, fixed at genesis and the same on every replica.</summary>
public sealed record LedgerRules(string ChainId, long ReplayWindowMs, long MaxClockSkewMs, PayloadLimits Limits)
{
    /// <summary>
    /// Whether validator-set changes may apply: on, the chain's rule on every node since consensus
    /// switches validator sets at epoch boundaries (docs/ARCHITECTURE.md, "How the node follows
    /// the epoch"). Only code turns it off (<see cref="LedgerEngineOptions.EnableValidatorSetChanges"/>,
    /// never node.json): the ledger tests of the refusal path
    /// (<see cref="ReceiptStatus.ValidatorSetChangesDisabled"/>), which stays a receipt status so
    /// the numbering of the others does not move.
    /// </summary>
    public bool ValidatorSetChangesEnabled { get; init; } = true;

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
