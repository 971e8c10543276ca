using Ledger.Execution;
using Ledger.State;
using Ledger.TestKit.Chains;
using Ledger.Transactions;

namespace Ledger.Tests;

/// <summary>
/// Seeded random and adversarial block sequences: self-transfers, zero and maximum amounts,
/// overdrafts, amounts that would overflow a recipient, replays, revoked accounts and reordered
/// blocks. After every block the total supply is unchanged, the sum of balances equals it, and
/// every receipt agrees with a simple model of the rules.
/// </summary>
public sealed class ConservationPropertyTests
{
    private const int Members = 6;

    // Near-maximal balances, so any missing overflow check would show.
    private static readonly TestChain Chain = TestChain.Create(Members, ulong.MaxValue / Members);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void RandomAdversarialBlocks_PreserveSupplyAndMatchModel(int seed)
    {
        var random = new Random(seed);
        var h = new ExecutionHarness(Chain);
        ulong supply = h.State.TotalSupply;
        var model = Enumerable.Range(0, Members).Select(h.BalanceOf).ToArray();
        var revoked = new bool[Members];
        var accepted = new List<Transfer>();
        for (int block = 0; block < 25; block++)
        {
            var transactions = new List<Transaction>();
            for (int i = 0; i < 12; i++)
            {
                transactions.Add(NextAdversarial(random, h, accepted));
            }

            if (block == 12)
            {
                int victim = random.Next(Members);
                transactions.Insert(random.Next(transactions.Count), TestChain.Revocation(Chain.OrgOf(victim), [Chain.SerialOf(victim)]));
            }

            ExecutionResult result = h.Run(random.Next(0, 5_000), [.. transactions]);
            CheckAgainstModel(result, transactions, model, revoked, accepted);

            Assert.Equal(supply, result.State.TotalSupply);
            UInt128 sum = 0;
            foreach (int member in Enumerable.Range(0, Members))
            {
                Assert.True(result.State.TryGetAccount(Chain.Members[member].PublicKey, out Account account));
                Assert.Equal(model[member], account.Balance);
                sum += account.Balance;
            }

            Assert.Equal(supply, (ulong)sum);
        }
    }

    [Fact]
    public void ReorderedBlocks_EachOrderConserves_AndOrderMatters()
    {
        var a = new ExecutionHarness(Chain);
        var b = new ExecutionHarness(Chain);
        ulong all = a.BalanceOf(0);
        Transfer drain = Chain.Transfer(0, 1, all, a.TimestampMs);
        Transfer small = Chain.Transfer(0, 2, 1, a.TimestampMs);
        ExecutionResult ra = a.Run(0, drain, small);
        ExecutionResult rb = b.Run(0, small, drain);
        Assert.Equal([ReceiptStatus.Success, ReceiptStatus.InsufficientFunds], ra.Receipts.Select(r => r.Status));
        Assert.Equal([ReceiptStatus.Success, ReceiptStatus.InsufficientFunds], rb.Receipts.Select(r => r.Status));
        Assert.Equal(ra.State.TotalSupply, rb.State.TotalSupply);
        Assert.NotEqual(ra.StateRoot, rb.StateRoot);
    }

    private static Transaction NextAdversarial(Random random, ExecutionHarness h, List<Transfer> accepted)
    {
        int from = random.Next(Members);
        int to = random.Next(Members);
        long ts = h.TimestampMs + random.Next(-1_000, 1_000);
        switch (random.Next(9))
        {
            case 0:
                return Chain.Transfer(from, from, (ulong)random.NextInt64(1, long.MaxValue), ts);
            case 1:
                return Chain.Transfer(from, to, 0, ts);
            case 2:
                return Chain.Transfer(from, to, ulong.MaxValue, ts);
            case 3:
                return Chain.Transfer(from, to, h.BalanceOf(from) + 1, ts);
            case 4 when accepted.Count > 0:
                return accepted[random.Next(accepted.Count)];
            case 5:
                return Chain.Transfer(from, to, (ulong)random.NextInt64(1, long.MaxValue), h.TimestampMs - 100_000);
            default:
                return Chain.Transfer(from, to, (ulong)random.NextInt64(1, 1L << 40), ts);
        }
    }

    private static void CheckAgainstModel(ExecutionResult result, List<Transaction> transactions, ulong[] model, bool[] revoked, List<Transfer> accepted)
    {
        var seenInBlock = new HashSet<TransferNonce>();
        for (int i = 0; i < transactions.Count; i++)
        {
            ReceiptStatus status = result.Receipts[i].Status;
            if (transactions[i] is Revoke)
            {
                Assert.Equal(ReceiptStatus.Success, status);
                for (int m = 0; m < Members; m++)
                {
                    revoked[m] |= result.State.TryGetAccount(Chain.Members[m].PublicKey, out Account a) && !a.IsActive;
                }

                continue;
            }

            var t = (Transfer)transactions[i];
            int from = IndexOf(t.From);
            int to = IndexOf(t.To);
            bool replay = accepted.Any(a => a.From == t.From && a.Nonce == t.Nonce) || !seenInBlock.Add(t.Nonce);
            ReceiptStatus expected =
                t.Amount == 0 ? ReceiptStatus.ZeroAmount
                : t.TimestampMs < result.Block.TimestampMs - 60_000 ? ReceiptStatus.TimestampTooOld
                : revoked[from] ? ReceiptStatus.SenderRevoked
                : revoked[to] ? ReceiptStatus.RecipientRevoked
                : replay ? ReceiptStatus.Replay
                : model[from] < t.Amount ? ReceiptStatus.InsufficientFunds
                : from != to && model[to] > ulong.MaxValue - t.Amount ? ReceiptStatus.BalanceOverflow
                : ReceiptStatus.Success;
            Assert.Equal(expected, status);
            if (status == ReceiptStatus.Success)
            {
                model[from] -= t.Amount;
                model[to] += t.Amount;
                accepted.Add(t);
            }
        }
    }

    private static int IndexOf(Crypto.PublicKey key)
    {
        for (int i = 0; i < Members; i++)
        {
            if (Chain.Members[i].PublicKey == key)
            {
                return i;
            }
        }

        throw new InvalidOperationException("unknown member");
    }
}
