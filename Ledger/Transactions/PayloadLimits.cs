using Ledger.Genesis;

namespace Ledger.Transactions;

/// <summary>Size limits on a block's payload, from the genesis parameters.</summary>
public readonly record struct PayloadLimits(int MaxTransactions, int MaxTransactionBytes)
{
    public static PayloadLimits From(LedgerParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return new PayloadLimits(parameters.MaxBlockTransactions, parameters.MaxTransactionBytes);
    }
}
