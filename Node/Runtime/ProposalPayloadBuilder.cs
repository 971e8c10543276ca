using Ledger.Consensus.Messages;
using Ledger.Crypto;
using Ledger.Node.Mempool;
using Ledger.Transactions;

namespace Ledger.Node.Runtime;

/// <summary>
/// The transactions of a leader's next block: the mempool's oldest proposable ones, minus every
/// transaction an uncommitted ancestor of the new block already carries (it would only commit again
/// as a replay, or worse, be ordered twice).
/// <para>
/// "Uncommitted" means above <see cref="CommittedOnLoop"/>, the height whose commit the event loop
/// has carried out (<see cref="CommitCarriedOut"/>: mempool cleared), not the
/// ledger's head. Commits run off the loop (<see cref="LedgerCommitter"/>), so the ledger may already
/// hold a block whose transactions are still in the mempool until the loop takes that commit; a walk
/// that stopped at the ledger's head let a leader order such a transaction again (`ledger chaos`
/// crash loop: one transfer in blocks 45 and 48).
/// </para>
/// Used on the event-loop thread only.
/// </summary>
internal sealed class ProposalPayloadBuilder
{
    private readonly TransactionPool _mempool;
    private readonly LedgerEngine _ledger;
    private readonly Func<Hash32, Block?> _findBlock;

    /// <param name="findBlock">A block by id: the core's uncommitted ones, the pending store's, and the committed chain.</param>
    public ProposalPayloadBuilder(TransactionPool mempool, LedgerEngine ledger, Func<Hash32, Block?> findBlock)
    {
        ArgumentNullException.ThrowIfNull(mempool);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(findBlock);
        _mempool = mempool;
        _ledger = ledger;
        _findBlock = findBlock;
        CommittedOnLoop = ledger.Committed.Height;
    }

    /// <summary>The height whose commit the loop has carried out; the ledger's head may be ahead of it.</summary>
    public ulong CommittedOnLoop { get; private set; }

    /// <summary>The loop has carried out the commit of <paramref name="height"/> (its transactions left the mempool).</summary>
    public void CommitCarriedOut(ulong height) => CommittedOnLoop = height;

    /// <summary>The transactions of a new block on <paramref name="parentId"/>, in the mempool's order.</summary>
    public IReadOnlyList<Transaction> Build(Hash32 parentId, int maxTransactions, long maxPayloadBytes, DateTimeOffset now)
    {
        var batch = _mempool.TakeForProposal(maxTransactions, maxPayloadBytes, now);
        var inAncestors = UncommittedAncestorTransactions(parentId);
        var transactions = new List<Transaction>(batch.Count);
        foreach (var bytes in batch)
        {
            var transaction = TransactionCodec.Decode(bytes.Span, _ledger.Rules.Limits.MaxTransactionBytes);
            if (!inAncestors.Contains(transaction.Id))
            {
                transactions.Add(transaction);
            }
        }

        return transactions;
    }

    /// <summary>
    /// An uncommitted block's transactions: from its execution when it has been executed (every
    /// block this replica votes for or commits has), so its payload is decoded once per replica;
    /// decoded otherwise.
    /// </summary>
    public IReadOnlyList<Transaction> TransactionsOf(Block block) =>
        _ledger.TryGetExecution(block.Id, out var result)
            ? result.Block.Transactions
            : _ledger.DecodePayload(block.Payload);

    private HashSet<Hash32> UncommittedAncestorTransactions(Hash32 parentId)
    {
        var ids = new HashSet<Hash32>();
        var committedHeight = CommittedOnLoop;
        for (var block = _findBlock(parentId); block is not null && block.Height > committedHeight; block = block.Height - 1 > committedHeight ? _findBlock(block.ParentId) : null)
        {
            foreach (var transaction in TransactionsOf(block))
            {
                ids.Add(transaction.Id);
            }
        }

        return ids;
    }
}
