using Ledger.Chaos.Workload;
using Ledger.Crypto;
using Ledger.Execution;
using Ledger.Transactions;

namespace Ledger.Chaos.Checks;

/// <summary>
/// Judges a committed chain against what the workload did: each transaction at most once, every
/// acknowledged transfer in it exactly once where its proof said, nothing the workload never
/// signed, and the bank's books: replaying the chain's transfers from genesis balances never
/// overdraws an account, a refusal for funds is real, and every balance the workload read (proven
/// against genesis) equals the replay at its height. Pure: the chain and history come in, the
/// verdicts go to the <see cref="CheckBook"/>.
/// </summary>
public static class ChainJudge
{
    public static void Judge(CheckBook book, IReadOnlyDictionary<PublicKey, ulong> genesisBalances, WorkloadHistory history, IReadOnlyList<ChainBlock> chain)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(genesisBalances);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(chain);
        var where = new Dictionary<Hash32, List<ulong>>();
        foreach (var block in chain)
        {
            foreach (var transaction in block.Transactions)
            {
                if (!where.TryGetValue(transaction.Id, out var heights))
                {
                    where[transaction.Id] = heights = [];
                }

                heights.Add(block.Height);
            }
        }

        ExactlyOnce(book, history, where);
        OnlySent(book, history, chain);
        Books(book, genesisBalances, history, chain);
    }

    /// <summary>The transfers acknowledged: shown committed with a proof, or accepted by a node and found in the chain.</summary>
    public static int Acknowledged(WorkloadHistory history, IReadOnlyList<ChainBlock> chain)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(chain);
        var committed = chain.SelectMany(b => b.Transactions).Select(t => t.Id).ToHashSet();
        return history.Signed.Keys.Count(id => history.Proven.ContainsKey(id) || (history.WasAccepted(id) && committed.Contains(id)));
    }

    private static void ExactlyOnce(CheckBook book, WorkloadHistory history, Dictionary<Hash32, List<ulong>> where)
    {
        var failed = false;
        foreach (var (id, heights) in where.Where(w => w.Value.Count > 1))
        {
            book.Fail(CheckNames.ExactlyOnce, $"transaction {id.ToShortHex()} is committed {heights.Count} times (heights {string.Join(", ", heights)})");
            failed = true;
        }

        foreach (var (id, height) in history.Proven)
        {
            if (!where.TryGetValue(id, out var heights))
            {
                book.Fail(CheckNames.ExactlyOnce, $"acknowledged transfer {id.ToShortHex()} (proven at height {height}) is not in the chain");
                failed = true;
            }
            else if (!heights.Contains(height))
            {
                book.Fail(CheckNames.ExactlyOnce, $"acknowledged transfer {id.ToShortHex()} was proven at height {height} but the chain has it at {string.Join(", ", heights)}");
                failed = true;
            }
        }

        if (!failed)
        {
            book.Pass(CheckNames.ExactlyOnce);
        }
    }

    private static void OnlySent(CheckBook book, WorkloadHistory history, IReadOnlyList<ChainBlock> chain)
    {
        var failed = false;
        foreach (var block in chain)
        {
            foreach (var transaction in block.Transactions)
            {
                string? problem = transaction switch
                {
                    Transfer t when !history.Signed.ContainsKey(t.Id) => "was never signed by the workload",
                    Transfer t when history.Signed[t.Id] is var s && (s.From != t.From || s.To != t.To || s.Amount != t.Amount) => "differs from what the workload signed",
                    Transfer => null,
                    _ => $"is a {transaction.Kind}, which the workload never sends",
                };
                if (problem is not null)
                {
                    book.Fail(CheckNames.OnlySent, $"transaction {transaction.Id.ToShortHex()} at height {block.Height} {problem}");
                    failed = true;
                }
            }
        }

        if (!failed)
        {
            book.Pass(CheckNames.OnlySent);
        }
    }

    private static void Books(CheckBook book, IReadOnlyDictionary<PublicKey, ulong> genesisBalances, WorkloadHistory history, IReadOnlyList<ChainBlock> chain)
    {
        var failed = false;
        var balances = new Dictionary<PublicKey, ulong>(genesisBalances);

        // Each account's balance after every height that changed it, for the observations.
        var changes = genesisBalances.ToDictionary(p => p.Key, p => new List<(ulong Height, ulong Balance)> { (0, p.Value) });
        foreach (var block in chain)
        {
            if (block.Receipts.Count != block.Transactions.Count)
            {
                book.Fail(CheckNames.NoNegative, $"height {block.Height} has {block.Transactions.Count} transactions but {block.Receipts.Count} receipts");
                failed = true;
                continue;
            }

            for (var i = 0; i < block.Transactions.Count; i++)
            {
                if (block.Transactions[i] is not Transfer t)
                {
                    continue;
                }

                var held = balances.GetValueOrDefault(t.From);
                var status = block.Receipts[i].Status;
                if (status == ReceiptStatus.Success && held < t.Amount)
                {
                    book.Fail(CheckNames.NoNegative, $"transfer {t.Id.ToShortHex()} at height {block.Height} moved {t.Amount} from an account holding {held}");
                    failed = true;
                }
                else if (status == ReceiptStatus.InsufficientFunds && held >= t.Amount)
                {
                    book.Fail(CheckNames.NoNegative, $"transfer {t.Id.ToShortHex()} at height {block.Height} was refused for funds, but its sender held {held} >= {t.Amount}");
                    failed = true;
                }

                if (status == ReceiptStatus.Success && held >= t.Amount)
                {
                    balances[t.From] = held - t.Amount;
                    balances[t.To] = balances.GetValueOrDefault(t.To) + t.Amount;
                    Note(changes, t.From, block.Height, balances[t.From]);
                    Note(changes, t.To, block.Height, balances[t.To]);
                }
            }
        }

        var head = chain.Count == 0 ? 0 : chain[^1].Height;
        foreach (var seen in history.Balances.Where(b => b.Height <= head))
        {
            var expected = BalanceAt(changes, seen.Account, seen.Height);
            if (expected != seen.Balance)
            {
                book.Fail(CheckNames.NoNegative, $"{seen.Node} proved balance {seen.Balance} for {seen.Account.ToShortHex()} at height {seen.Height}; the chain's transfers give {expected}");
                failed = true;
            }
        }

        if (!failed)
        {
            book.Pass(CheckNames.NoNegative);
        }
    }

    private static void Note(Dictionary<PublicKey, List<(ulong Height, ulong Balance)>> changes, PublicKey account, ulong height, ulong balance)
    {
        if (!changes.TryGetValue(account, out var list))
        {
            changes[account] = list = [(0, 0)];
        }

        if (list[^1].Height == height)
        {
            list[^1] = (height, balance);
        }
        else
        {
            list.Add((height, balance));
        }
    }

    private static ulong BalanceAt(Dictionary<PublicKey, List<(ulong Height, ulong Balance)>> changes, PublicKey account, ulong height)
    {
        if (!changes.TryGetValue(account, out var list))
        {
            return 0;
        }

        var balance = 0UL;
        foreach (var (h, b) in list)
        {
            if (h > height)
            {
                break;
            }

            balance = b;
        }

        return balance;
    }
}
