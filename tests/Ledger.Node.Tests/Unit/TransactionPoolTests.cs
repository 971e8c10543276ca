using Ledger.Crypto;
using Ledger.Node.Mempool;

namespace Ledger.Node.Tests.Unit;

public sealed class TransactionPoolTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly SigningKey _key = SigningKey.FromSeed(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private readonly FakeAdmission _admission = new();

    public void Dispose() => _key.Dispose();

    [Fact]
    public void Submit_Batch_VerifiesSignaturesInOneBatchAndAdmitsInOrder()
    {
        var pool = new TransactionPool(_admission, 100, TimeSpan.FromSeconds(3));
        var txs = Enumerable.Range(0, 5).Select(i => (ReadOnlyMemory<byte>)FakeAdmission.Sign(_key, $"t{i}")).ToList();

        var verdicts = pool.Submit(txs, Now);

        Assert.All(verdicts, v => Assert.Equal(SubmitStatus.Accepted, v.Status));
        Assert.Equal([5], _admission.BatchSizes);
        Assert.Equal(txs.Select(t => t.ToArray()), pool.TakeForProposal(10, long.MaxValue, Now).Select(t => t.ToArray()));
    }

    [Fact]
    public void Submit_SameTransactionTwice_SecondIsAlreadyPendingAndNotVerifiedAgain()
    {
        var pool = new TransactionPool(_admission, 100, TimeSpan.FromSeconds(3));
        var tx = FakeAdmission.Sign(_key, "once");
        pool.Submit([tx], Now);

        var second = pool.Submit([tx], Now)[0];

        Assert.Equal(SubmitStatus.AlreadyPending, second.Status);
        Assert.Equal([1], _admission.BatchSizes);
        Assert.Equal(1, pool.Count);
    }

    [Fact]
    public void Submit_BadSignature_RejectedAndPoolUnchanged()
    {
        var pool = new TransactionPool(_admission, 100, TimeSpan.FromSeconds(3));
        var tx = FakeAdmission.Sign(_key, "tampered");
        tx[^1] ^= 0x01;

        var verdict = pool.Submit([tx], Now)[0];

        Assert.Equal(SubmitStatus.Rejected, verdict.Status);
        Assert.Equal("BadSignature", verdict.Code);
        Assert.Equal(0, pool.Count);
    }

    [Fact]
    public void Submit_RuleViolationOrMalformed_RejectedWithTheLedgerReason()
    {
        var pool = new TransactionPool(_admission, 100, TimeSpan.FromSeconds(3));

        var verdicts = pool.Submit([FakeAdmission.Sign(_key, "overdraw 10"), new byte[10]], Now);

        Assert.Equal(("InsufficientFunds", SubmitStatus.Rejected), (verdicts[0].Code, verdicts[0].Status));
        Assert.Equal(("Malformed", SubmitStatus.Rejected), (verdicts[1].Code, verdicts[1].Status));
        Assert.Equal(0, pool.Count);
    }

    [Fact]
    public void Submit_AlreadyCommitted_AnswersWithTheHeight()
    {
        var pool = new TransactionPool(_admission, 100, TimeSpan.FromSeconds(3));
        var tx = FakeAdmission.Sign(_key, "old");
        _admission.Committed[Hash32.Sha256(tx)] = 42;

        var verdict = pool.Submit([tx], Now)[0];

        Assert.Equal(SubmitStatus.AlreadyCommitted, verdict.Status);
        Assert.Equal(42UL, verdict.CommittedHeight);
        Assert.Equal(0, pool.Count);
    }

    [Fact]
    public void Submit_Full_AnswersMempoolFullAndNeverGrowsPastCapacity()
    {
        var pool = new TransactionPool(_admission, 3, TimeSpan.FromSeconds(3));
        var txs = Enumerable.Range(0, 5).Select(i => (ReadOnlyMemory<byte>)FakeAdmission.Sign(_key, $"t{i}")).ToList();

        var verdicts = pool.Submit(txs, Now);

        Assert.Equal(3, verdicts.Count(v => v.Status == SubmitStatus.Accepted));
        Assert.Equal(2, verdicts.Count(v => v.Status == SubmitStatus.MempoolFull));
        Assert.Equal(3, pool.Count);
    }

    [Fact]
    public void TakeForProposal_LeasedTransactions_SkippedUntilTheLeaseEnds()
    {
        var pool = new TransactionPool(_admission, 100, TimeSpan.FromSeconds(3));
        pool.Submit([FakeAdmission.Sign(_key, "a"), FakeAdmission.Sign(_key, "b"), FakeAdmission.Sign(_key, "c")], Now);

        Assert.Equal(2, pool.TakeForProposal(2, long.MaxValue, Now).Count);
        Assert.Single(pool.TakeForProposal(10, long.MaxValue, Now.AddSeconds(1)));
        Assert.Empty(pool.TakeForProposal(10, long.MaxValue, Now.AddSeconds(2)));
        Assert.Equal(3, pool.TakeForProposal(10, long.MaxValue, Now.AddSeconds(5)).Count);
    }

    [Fact]
    public void MarkProposedAndRemoveCommitted_KeepOtherProposalsTransactionsOut()
    {
        var pool = new TransactionPool(_admission, 100, TimeSpan.FromSeconds(3));
        var a = FakeAdmission.Sign(_key, "a");
        var b = FakeAdmission.Sign(_key, "b");
        pool.Submit([a, b], Now);

        pool.MarkProposed([Hash32.Sha256(a)], Now);
        Assert.Equal([b], pool.TakeForProposal(10, long.MaxValue, Now).Select(t => t.ToArray()));

        pool.RemoveCommitted([Hash32.Sha256(a), Hash32.Sha256(b)]);
        Assert.Equal(0, pool.Count);
        Assert.False(pool.Contains(Hash32.Sha256(a)));
    }

    [Fact]
    public void HasProposable_EveryTransactionLeasedThenLeasesRunOut_FalseUntilTheFirstExpiry()
    {
        var pool = new TransactionPool(_admission, 100, TimeSpan.FromSeconds(3));
        Assert.False(pool.HasProposable(Now, out var empty));
        Assert.Null(empty);

        var a = FakeAdmission.Sign(_key, "a");
        var b = FakeAdmission.Sign(_key, "b");
        pool.Submit([a, b], Now);
        Assert.True(pool.HasProposable(Now, out _));

        // a leased by our proposal at 0 s, b by another leader's block executed at 1 s.
        pool.TakeForProposal(1, long.MaxValue, Now);
        Assert.True(pool.HasProposable(Now, out _));
        pool.MarkProposed([Hash32.Sha256(b)], Now.AddSeconds(1));

        Assert.False(pool.HasProposable(Now.AddSeconds(2), out var next));
        Assert.Equal(Now.AddSeconds(3), next);

        // b leased again while its lease runs (a later block carries it too): it now ends at 5 s.
        pool.MarkProposed([Hash32.Sha256(b)], Now.AddSeconds(2));
        Assert.True(pool.HasProposable(Now.AddSeconds(3), out _));
        Assert.Equal(1, pool.Leased);

        // a leased again after its lease ended: nothing to propose until b's lease ends at 5 s.
        pool.MarkProposed([Hash32.Sha256(a)], Now.AddSeconds(3));
        Assert.False(pool.HasProposable(Now.AddSeconds(4.5), out next));
        Assert.Equal(Now.AddSeconds(5), next);
        Assert.True(pool.HasProposable(Now.AddSeconds(5), out _));

        // Committed transactions leave the count with the pool.
        pool.RemoveCommitted([Hash32.Sha256(a), Hash32.Sha256(b)]);
        Assert.False(pool.HasProposable(Now.AddSeconds(10), out next));
        Assert.Null(next);
        Assert.Equal(0, pool.Leased);
    }

    [Fact]
    public void Submit_AdmitsSomething_RaisesTransactionsAdmittedOnce()
    {
        var pool = new TransactionPool(_admission, 100, TimeSpan.FromSeconds(3));
        int raised = 0;
        pool.TransactionsAdmitted += () => raised++;
        var a = FakeAdmission.Sign(_key, "a");

        pool.Submit([a, FakeAdmission.Sign(_key, "b")], Now);
        pool.Submit([a], Now);

        Assert.Equal(1, raised);
    }

    [Fact]
    public void TakeForProposal_ByteLimit_StopsBeforeTheLimit()
    {
        var pool = new TransactionPool(_admission, 100, TimeSpan.FromSeconds(3));
        var tx = FakeAdmission.Sign(_key, "0123456789");
        pool.Submit([tx, FakeAdmission.Sign(_key, "9876543210")], Now);

        // One transaction's payload: the u32 count, its u32 length, its bytes.
        Assert.Single(pool.TakeForProposal(10, 4 + 4 + tx.Length + 5, Now));
    }

    [Fact]
    public void TakeForProposal_BudgetOfTheEncodedPayload_CountsTheCountAndEveryLengthPrefix()
    {
        var pool = new TransactionPool(_admission, 100, TimeSpan.FromSeconds(3));
        var txs = Enumerable.Range(0, 4).Select(i => FakeAdmission.Sign(_key, $"same-size-{i}")).ToList();
        pool.Submit([.. txs.Select(t => (ReadOnlyMemory<byte>)t)], Now);
        var payloadOfThree = 4 + (3 * (4 + txs[0].Length));

        Assert.Equal(3, pool.TakeForProposal(10, payloadOfThree, Now).Count);
        Assert.Equal(2, pool.TakeForProposal(10, payloadOfThree - 1, Now.AddSeconds(10)).Count);
        Assert.Empty(pool.TakeForProposal(10, 4 + 4 + txs[0].Length - 1, Now.AddSeconds(20)));
    }

    [Fact]
    public void Submit_SenderAtItsQuota_RefusedWithTheQuotaWhileOtherSendersAreAdmitted()
    {
        using var other = SigningKey.FromSeed(Enumerable.Range(2, 32).Select(i => (byte)i).ToArray());
        var pool = new TransactionPool(_admission, 100, TimeSpan.FromSeconds(3), perSenderQuota: 3);
        var limits = new List<SubmitStatus>();
        pool.LimitReached += limits.Add;
        pool.Submit(Enumerable.Range(0, 3).Select(i => (ReadOnlyMemory<byte>)FakeAdmission.Sign(_key, $"t{i}")).ToList(), Now);

        var refused = pool.Submit([FakeAdmission.Sign(_key, "t3")], Now)[0];
        var admitted = pool.Submit([FakeAdmission.Sign(other, "t0")], Now)[0];

        Assert.Equal(SubmitStatus.SenderQuotaExceeded, refused.Status);
        Assert.Equal("SenderQuota", refused.Code);
        Assert.Contains("limits.mempoolPerSender", refused.Message, StringComparison.Ordinal);
        Assert.Equal(SubmitStatus.Accepted, admitted.Status);
        Assert.Equal(4, pool.Count);
        Assert.Equal([SubmitStatus.SenderQuotaExceeded], limits);
    }

    [Fact]
    public void Submit_OneBatchOverTheQuota_AdmitsUpToTheQuota()
    {
        var pool = new TransactionPool(_admission, 100, TimeSpan.FromSeconds(3), perSenderQuota: 2);

        var verdicts = pool.Submit(Enumerable.Range(0, 4).Select(i => (ReadOnlyMemory<byte>)FakeAdmission.Sign(_key, $"t{i}")).ToList(), Now);

        Assert.Equal([SubmitStatus.Accepted, SubmitStatus.Accepted, SubmitStatus.SenderQuotaExceeded, SubmitStatus.SenderQuotaExceeded], verdicts.Select(v => v.Status));
        Assert.Equal(2, pool.Count);
    }

    [Fact]
    public void RemoveCommitted_SenderAtItsQuota_FreesItsQuota()
    {
        var pool = new TransactionPool(_admission, 100, TimeSpan.FromSeconds(3), perSenderQuota: 2);
        var first = pool.Submit([FakeAdmission.Sign(_key, "t0"), FakeAdmission.Sign(_key, "t1")], Now);

        pool.RemoveCommitted([first[0].Id]);
        var next = pool.Submit([FakeAdmission.Sign(_key, "t2")], Now)[0];

        Assert.Equal(SubmitStatus.Accepted, next.Status);
        Assert.Equal(2, pool.PendingOf(Convert.ToHexString(_key.PublicKey.ToArray())));
    }

    [Fact]
    public void Submit_VerifiersQueueFull_RefusesAsBusyAndAdmitsNothing()
    {
        var pool = new TransactionPool(_admission, 100, TimeSpan.FromSeconds(3));
        var limits = new List<SubmitStatus>();
        pool.LimitReached += limits.Add;
        _admission.VerifiersFull = true;

        var verdicts = pool.Submit([FakeAdmission.Sign(_key, "t0"), FakeAdmission.Sign(_key, "t1")], Now);

        Assert.All(verdicts, v => Assert.Equal(SubmitStatus.VerifiersBusy, v.Status));
        Assert.All(verdicts, v => Assert.Equal("VerifierQueueFull", v.Code));
        Assert.Contains("limits.verifierQueueItems", verdicts[0].Message, StringComparison.Ordinal);
        Assert.Equal(0, pool.Count);
        Assert.Equal([SubmitStatus.VerifiersBusy, SubmitStatus.VerifiersBusy], limits);
    }
}
