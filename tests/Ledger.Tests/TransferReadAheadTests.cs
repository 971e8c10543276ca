using Ledger.Execution;
using Ledger.State;
using Ledger.TestKit.Chains;
using Ledger.Transactions;

namespace Ledger.Tests;

/// <summary>
/// Execution takes each transfer's tree keys from the read-ahead that walks its paths a few
/// transactions early. A block much longer than that distance, with other transaction kinds in
/// the slots between transfers, must execute exactly as the transfers say.
/// </summary>
public sealed class TransferReadAheadTests
{
    private static readonly TestChain Chain = TestChain.Create();

    [Fact]
    public void Execute_LongMixedBlock_EveryTransferUsesItsOwnKeys()
    {
        var h = new ExecutionHarness(Chain);
        var (key, certificate) = Chain.NewMember(200, Chain.Org1);
        long ts = h.TimestampMs + 10;
        var transactions = new List<Transaction>();
        var expected = new List<ReceiptStatus>();
        var balances = new ulong[] { 1_000, 1_000, 1_000, 1_000 };
        ulong toNewMember = 0;
        for (int i = 0; i < 40; i++)
        {
            if (i == 9)
            {
                // A non-transfer in the middle: the ring slot it takes must hold no keys.
                transactions.Add(TestChain.Enrolment(key, certificate));
                expected.Add(ReceiptStatus.Success);
                continue;
            }

            if (i % 7 == 3)
            {
                // The member enrolled above, as recipient (unknown before index 9).
                ulong amount = (ulong)i;
                transactions.Add(Transfer.Create(TestChain.ChainId, Chain.Members[i % 4], key.PublicKey, amount, Chain.NextNonce(), ts));
                if (i > 9)
                {
                    balances[i % 4] -= amount;
                    toNewMember += amount;
                    expected.Add(ReceiptStatus.Success);
                }
                else
                {
                    expected.Add(ReceiptStatus.UnknownRecipient);
                }

                continue;
            }

            int from = i % 4;
            int to = i % 5 == 0 ? from : (i * 3) % 4;
            ulong value = (ulong)(i + 1);
            transactions.Add(Chain.Transfer(from, to, value, ts));
            balances[from] -= value;
            balances[to] += value;
            expected.Add(ReceiptStatus.Success);
        }

        // The last transfer again: a replay the seen key from the read-ahead must catch.
        transactions.Add(transactions[^1]);
        expected.Add(ReceiptStatus.Replay);

        ExecutionResult result = h.Run(10, [.. transactions]);

        Assert.Equal(expected, result.Receipts.Select(r => r.Status));
        for (int member = 0; member < balances.Length; member++)
        {
            Assert.Equal(balances[member], h.BalanceOf(member));
        }

        Assert.True(h.State.TryGetAccount(key.PublicKey, out Account enrolled));
        Assert.Equal(toNewMember, enrolled.Balance);
        Assert.Equal(4_000UL, h.State.TotalSupply);
    }
}
