using Ledger.Genesis;
using Ledger.Transactions;

namespace Ledger.Node.Configuration;

/// <summary>
/// Whether a genesis's block limits can run under the consensus payload cap of this build. A
/// leader fills a proposal from its mempool against the encoded payload's size (the count, and
/// each transaction with its length prefix; <see cref="PayloadCodec.EncodedSize"/>), stopping at
/// the cap, so no proposal it builds is larger than the cap, whatever the genesis allows in
/// total. What remains is a transaction too large for any proposal: the mempool would accept it
/// and no leader could ever order it. Such a genesis is refused at start.
/// </summary>
public static class GenesisPayloadCheck
{
    /// <summary>Every problem of <paramref name="parameters"/> under a payload cap of <paramref name="maxPayloadBytes"/> bytes; empty when none.</summary>
    public static IReadOnlyList<string> Problems(LedgerParameters parameters, int maxPayloadBytes)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var problems = new List<string>();
        if (parameters.MaxBlockTransactions <= 0)
        {
            problems.Add($"genesis maxBlockTransactions is {parameters.MaxBlockTransactions}; it must be at least 1");
        }

        if (parameters.MaxTransactionBytes <= 0)
        {
            problems.Add($"genesis maxTransactionBytes is {parameters.MaxTransactionBytes}; it must be at least 1");
        }
        else if (PayloadCodec.EncodedSize(1, parameters.MaxTransactionBytes) > maxPayloadBytes)
        {
            problems.Add($"genesis maxTransactionBytes is {parameters.MaxTransactionBytes}: a payload holding one such transaction is {PayloadCodec.EncodedSize(1, parameters.MaxTransactionBytes)} bytes, over the consensus payload cap of {maxPayloadBytes} bytes, so no leader could ever propose it");
        }

        return problems;
    }
}
