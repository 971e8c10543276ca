using Ledger.Crypto;
using Ledger.State;
using Ledger.Transactions;

namespace Ledger.Execution;

/// <summary>
/// Runs ahead of a block's execution: a few transactions before a transfer executes it computes
/// the transfer's three tree keys (sender, recipient, seen-set) and starts walks towards them in
/// the parent's trees, and every transaction executed moves each pending walk one level down,
/// prefetching the node it reaches. With a million accounts the bottom of every path is a cache
/// miss; a lookup on its own waits for those misses one after the other, while here they are
/// fetched in the background of the transactions before, and the lookups find their paths in
/// cache. It only reads and prefetches, so execution's results do not depend on it.
/// </summary>
internal sealed class TransferReadAhead
{
    // Transactions between a transfer's walks starting and it executing: more than the levels of
    // a path (about six for a million accounts), so the walks reach the leaves in time.
    private const int Distance = 8;
    private const int WalksPerTransfer = 3;

    private readonly LedgerState _parent;
    private readonly IReadOnlyList<Transaction> _transactions;

    // A ring: transaction i's keys and walks live in slot i % Distance.
    private readonly TransferKeys[] _keys = new TransferKeys[Distance];
    private readonly SmtCursor[] _walks = new SmtCursor[Distance * WalksPerTransfer];

    public TransferReadAhead(LedgerState parent, IReadOnlyList<Transaction> transactions)
    {
        _parent = parent;
        _transactions = transactions;
        for (int i = 0; i < Distance - 1 && i < transactions.Count; i++)
        {
            Start(i);
        }
    }

    /// <summary>The keys of transfer <paramref name="index"/>, which executes next; moves every pending walk one level on.</summary>
    public TransferKeys KeysFor(int index)
    {
        int ahead = index + Distance - 1;
        if (ahead < _transactions.Count)
        {
            Start(ahead);
        }

        for (int slot = 0; slot < Distance; slot++)
        {
            _parent.Accounts.Advance(ref _walks[slot * WalksPerTransfer]);
            _parent.Accounts.Advance(ref _walks[(slot * WalksPerTransfer) + 1]);
            _parent.Seen.Advance(ref _walks[(slot * WalksPerTransfer) + 2]);
        }

        return _keys[index % Distance];
    }

    // Takes slot index % Distance, which the transaction Distance before this one has finished with.
    private void Start(int index)
    {
        int slot = index % Distance;
        if (_transactions[index] is not Transfer transfer)
        {
            _keys[slot] = default;
            _walks[slot * WalksPerTransfer] = default;
            _walks[(slot * WalksPerTransfer) + 1] = default;
            _walks[(slot * WalksPerTransfer) + 2] = default;
            return;
        }

        Hash32 from = Account.TreeKey(transfer.From);
        Hash32 to = transfer.From == transfer.To ? from : Account.TreeKey(transfer.To);
        Hash32 seen = TransferRules.SeenKey(transfer);
        _keys[slot] = new TransferKeys(from, to, seen);
        _walks[slot * WalksPerTransfer] = _parent.Accounts.Walk(from);
        _walks[(slot * WalksPerTransfer) + 1] = transfer.From == transfer.To ? default : _parent.Accounts.Walk(to);
        _walks[(slot * WalksPerTransfer) + 2] = _parent.Seen.Walk(seen);
    }
}
