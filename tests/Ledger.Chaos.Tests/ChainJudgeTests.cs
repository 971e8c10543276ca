using Ledger.Chaos.Checks;
using Ledger.Chaos.Workload;
using Ledger.Crypto;
using Ledger.Execution;
using Ledger.Transactions;

namespace Ledger.Chaos.Tests;

/// <summary>
/// The end-of-run judge can fail: each test breaks one invariant in an otherwise clean chain and
/// expects exactly that check to fail (a judge that always passes would pass a broken ledger).
/// </summary>
public sealed class ChainJudgeTests : IDisposable
{
    private const string Chain = "chaos-judge";
    private readonly SigningKey _alice = SigningKey.FromSeed(Hash32.Sha256("alice"u8).ToArray());
    private readonly SigningKey _bob = SigningKey.FromSeed(Hash32.Sha256("bob"u8).ToArray());
    private readonly WorkloadHistory _history = new();

    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
    }

    private Dictionary<PublicKey, ulong> Genesis => new() { [_alice.PublicKey] = 100, [_bob.PublicKey] = 100 };

    [Fact]
    public void Judge_CleanChain_EveryCheckPasses()
    {
        var t1 = Signed(_alice, _bob, 60);
        var t2 = Signed(_bob, _alice, 150);
        _history.RecordProven(t1.Id, 1);
        _history.RecordBalance(new BalanceObservation(_bob.PublicKey, 1, 160, 200, "n1"));

        var book = Judge([Block(1, (t1, ReceiptStatus.Success)), Block(2, (t2, ReceiptStatus.Success))]);

        Assert.True(book.AllPassed, string.Join("; ", book.Verdicts.SelectMany(v => v.Failures)));
        Assert.Equal(1, ChainJudge.Acknowledged(_history, [Block(1, (t1, ReceiptStatus.Success))]));
    }

    [Fact]
    public void Judge_TransactionCommittedTwice_ExactlyOnceFails()
    {
        var t1 = Signed(_alice, _bob, 10);

        var book = Judge([Block(1, (t1, ReceiptStatus.Success)), Block(2, (t1, ReceiptStatus.Replay))]);

        AssertOnlyFails(book, CheckNames.ExactlyOnce, "committed 2 times");
    }

    [Fact]
    public void Judge_AcknowledgedTransferMissing_ExactlyOnceFails()
    {
        var t1 = Signed(_alice, _bob, 10);
        _history.RecordProven(t1.Id, 1);

        var book = Judge([Block(1)]);

        AssertOnlyFails(book, CheckNames.ExactlyOnce, "not in the chain");
    }

    [Fact]
    public void Judge_AcknowledgedAtAnotherHeight_ExactlyOnceFails()
    {
        var t1 = Signed(_alice, _bob, 10);
        _history.RecordProven(t1.Id, 2);

        var book = Judge([Block(1, (t1, ReceiptStatus.Success)), Block(2)]);

        AssertOnlyFails(book, CheckNames.ExactlyOnce, "proven at height 2");
    }

    [Fact]
    public void Judge_TransferTheWorkloadNeverSigned_OnlySentFails()
    {
        var stranger = Transfer.Create(Chain, _alice, _bob.PublicKey, 5, TransferNonce.Random(), 1);

        var book = Judge([Block(1, (stranger, ReceiptStatus.Success))]);

        AssertOnlyFails(book, CheckNames.OnlySent, "never signed");
    }

    [Fact]
    public void Judge_SuccessfulTransferAboveTheBalance_NoNegativeFails()
    {
        var t1 = Signed(_alice, _bob, 101);

        var book = Judge([Block(1, (t1, ReceiptStatus.Success))]);

        AssertOnlyFails(book, CheckNames.NoNegative, "holding 100");
    }

    [Fact]
    public void Judge_RefusedForFundsWhileHoldingEnough_NoNegativeFails()
    {
        var t1 = Signed(_alice, _bob, 50);

        var book = Judge([Block(1, (t1, ReceiptStatus.InsufficientFunds))]);

        AssertOnlyFails(book, CheckNames.NoNegative, "refused for funds");
    }

    [Fact]
    public void Judge_ProvenBalanceDisagreesWithTheChain_NoNegativeFails()
    {
        var t1 = Signed(_alice, _bob, 30);
        _history.RecordBalance(new BalanceObservation(_alice.PublicKey, 1, 100, 200, "n2"));

        var book = Judge([Block(1, (t1, ReceiptStatus.Success))]);

        AssertOnlyFails(book, CheckNames.NoNegative, "the chain's transfers give 70");
    }

    [Fact]
    public void Acknowledged_AcceptedAndCommittedCounts_AcceptedButNeverCommittedDoesNot()
    {
        var committed = Signed(_alice, _bob, 1);
        var lost = Signed(_alice, _bob, 2);
        _history.RecordAccepted(committed.Id);
        _history.RecordAccepted(lost.Id);

        Assert.Equal(1, ChainJudge.Acknowledged(_history, [Block(1, (committed, ReceiptStatus.Success))]));
    }

    private Transfer Signed(SigningKey from, SigningKey to, ulong amount)
    {
        var transfer = Transfer.Create(Chain, from, to.PublicKey, amount, TransferNonce.Random(), 1);
        _history.RecordSigned(transfer);
        return transfer;
    }

    private static ChainBlock Block(ulong height, params (Transfer Transfer, ReceiptStatus Status)[] entries) =>
        new(height, Hash32.Sha256(BitConverter.GetBytes(height)), Hash32.Sha256(BitConverter.GetBytes(height + 1000)),
            [.. entries.Select(e => (Transaction)e.Transfer)], [.. entries.Select(e => new Receipt(e.Transfer.Id, e.Status))]);

    private CheckBook Judge(IReadOnlyList<ChainBlock> chain)
    {
        var book = new CheckBook([CheckNames.ExactlyOnce, CheckNames.OnlySent, CheckNames.NoNegative]);
        ChainJudge.Judge(book, Genesis, _history, chain);
        return book;
    }

    private static void AssertOnlyFails(CheckBook book, string check, string detail)
    {
        var failed = book.Verdicts.Where(v => !v.Passed).ToList();
        var verdict = Assert.Single(failed);
        Assert.Equal(check, verdict.Name);
        Assert.Contains(verdict.Failures, f => f.Contains(detail, StringComparison.Ordinal));
    }
}
