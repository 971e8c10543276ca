using Ledger.Execution;
using Ledger.State;
using Ledger.Storage;
using Ledger.TestKit.Chains;
using Ledger.Transactions;

namespace Ledger.Tests;

public sealed class LedgerEngineTests : IDisposable
{
    private static readonly TestChain Chain = TestChain.Create();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ledger-engine-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, true);
        }
    }

    private LedgerEngine Open() => LedgerEngine.Open(_directory, Chain.Genesis);

    private static long T(long offsetMs) => Chain.GenesisTimeMs + offsetMs;

    [Fact]
    public void Execute_TwoForksOnOneParent_KeepSeparateVersions()
    {
        using LedgerEngine engine = Open();
        Hash32Pair ids = new(TestBlocks.Id(1, 0), TestBlocks.Id(1, 1));
        ExecutionResult a = engine.Execute(engine.GenesisBlockId, ids.A, 1, T(10), [Chain.Transfer(0, 1, 100, T(10))]);
        ExecutionResult b = engine.Execute(engine.GenesisBlockId, ids.B, 1, T(10), [Chain.Transfer(0, 2, 100, T(10))]);
        ExecutionResult a2 = engine.Execute(ids.A, TestBlocks.Id(2, 0), 2, T(20), [Chain.Transfer(1, 3, 1_100, T(20))]);
        Assert.NotEqual(a.StateRoot, b.StateRoot);
        Assert.Equal(ReceiptStatus.Success, a2.Receipts[0].Status);
        Assert.Equal(3, engine.SpeculativeCount);
        Assert.Equal(0UL, engine.Committed.Height);
        Assert.Same(a, engine.Execute(engine.GenesisBlockId, ids.A, 1, T(10), a.Block.Transactions));
    }

    [Fact]
    public void Execute_UnknownParent_IsRefused()
    {
        using LedgerEngine engine = Open();
        var e = Assert.Throws<InvalidBlockException>(() => engine.Execute(TestBlocks.Id(7), TestBlocks.Id(8), 1, T(1), []));
        Assert.Equal(InvalidBlockReason.UnknownParent, e.Reason);
    }

    [Fact]
    public void ExecutePayload_Malformed_IsInvalidBlock()
    {
        using LedgerEngine engine = Open();
        var e = Assert.Throws<InvalidBlockException>(() => engine.ExecutePayload(engine.GenesisBlockId, TestBlocks.Id(1), 1, T(1), [0, 0, 0, 1, 0]));
        Assert.Equal(InvalidBlockReason.MalformedPayload, e.Reason);
    }

    [Fact]
    public void Commit_WritesBlockAndDropsCompetingVersions_ThenQueriesProve()
    {
        Transfer t = Chain.Transfer(0, 1, 250, T(10));
        using (LedgerEngine engine = Open())
        {
            engine.Execute(engine.GenesisBlockId, TestBlocks.Id(1, 0), 1, T(10), [t]);
            engine.Execute(engine.GenesisBlockId, TestBlocks.Id(1, 1), 1, T(10), []);
            engine.Execute(TestBlocks.Id(1, 0), TestBlocks.Id(2, 0), 2, T(20), []);
            engine.Commit(TestBlocks.Id(1, 0), [0xc1, 0xc2]);
            Assert.Equal(1UL, engine.Committed.Height);
            Assert.Equal(1, engine.SpeculativeCount);
            Assert.Throws<InvalidOperationException>(() => engine.Commit(TestBlocks.Id(1, 1), []));

            BalanceProof proof = engine.ProveAccount(Chain.Members[1].PublicKey);
            Assert.Equal(1_250UL, proof.Balance);
            Assert.True(proof.Verify(engine.Committed.StateRoot));
            Assert.True(BalanceProof.FromBytes(proof.ToBytes()).Verify(engine.Committed.StateRoot));

            using var stranger = TestChain.KeyFor(900);
            BalanceProof absent = engine.ProveAccount(stranger.PublicKey);
            Assert.Null(absent.Account);
            Assert.True(BalanceProof.FromBytes(absent.ToBytes()).Verify(engine.Committed.StateRoot));

            CommittedTransaction? found = engine.FindTransaction(t.Id);
            Assert.NotNull(found);
            Assert.Equal(t.Id, found.Transaction.Id);
            Assert.Equal(1UL, found.Proof.Height);
            Assert.Equal(new Receipt(t.Id, ReceiptStatus.Success), found.Proof.Receipt);
            Assert.True(found.Proof.Verify(engine.Committed.StateRoot));
            Assert.True(TransactionProof.FromBytes(found.Proof.ToBytes()).Verify(engine.Committed.StateRoot));
            Assert.Equal(found.Proof.Header, engine.GetBlock(1)!.Header);
            Assert.Equal([0xc1, 0xc2], found.Certificate);
            Assert.Equal([0xc1, 0xc2], engine.GetBlock(1)!.Certificate);
            Assert.Null(engine.FindTransaction(Chain.Transfer(0, 1, 1, T(1)).Id));
        }

        using LedgerEngine reopened = Open();
        Assert.Equal(1UL, reopened.Committed.Height);
        Assert.Equal(TestBlocks.Id(1, 0), reopened.Committed.BlockId);
        Assert.Equal(1_250UL, reopened.ProveAccount(Chain.Members[1].PublicKey).Balance);
        // The seen-set came back too: the committed transfer is still a replay.
        ExecutionResult replay = reopened.Execute(reopened.Committed.BlockId, TestBlocks.Id(2, 5), 2, T(30), [t]);
        Assert.Equal(ReceiptStatus.Replay, replay.Receipts[0].Status);
    }

    [Fact]
    public void ProveTransaction_EveryIndexOfABlock_VerifiesAndMatchesTheTreeOverTheDecodedPayload()
    {
        using LedgerEngine engine = Open();
        Transfer[] transfers = [.. Enumerable.Range(0, 7).Select(i => Chain.Transfer(i % 3, (i % 3) + 1, 10 + (ulong)i, T(10)))];
        engine.Execute(engine.GenesisBlockId, TestBlocks.Id(1), 1, T(10), transfers);
        engine.Commit(TestBlocks.Id(1), [0xc1]);
        StoredBlock block = engine.GetBlock(1)!;

        for (int i = 0; i < transfers.Length; i++)
        {
            CommittedTransaction proven = engine.ProveTransaction(block, i);

            Assert.Equal(transfers[i].Id, proven.Transaction.Id);
            Assert.Equal(TransactionRoots.InclusionProof(engine.DecodePayload(block.Payload), i), proven.Proof.TxAuditPath);
            Assert.True(proven.Proof.Verify(block.StateRoot));
            Assert.Equal(engine.FindTransaction(transfers[i].Id)!.Proof.ToBytes(), proven.Proof.ToBytes());
        }
    }

    [Fact]
    public void FindTransaction_FailedThenIncludedAgainAndSucceeded_FindsTheSuccessEvenAfterReopen()
    {
        // A faulty proposer may include the same signed bytes twice: first the sender cannot pay,
        // later it can. The replay guard lets at most one inclusion succeed; that one moved money.
        Transfer t = Chain.Transfer(0, 1, 1_500, T(10));
        using (LedgerEngine engine = Open())
        {
            CommitBlock(engine, 1, T(10), t);
            Assert.Equal(ReceiptStatus.InsufficientFunds, engine.FindTransaction(t.Id)!.Proof.Receipt.Status);
            CommitBlock(engine, 2, T(20), Chain.Transfer(2, 0, 600, T(20)));
            CommitBlock(engine, 3, T(30), t);
            CommitBlock(engine, 4, T(40), t);

            CommittedTransaction found = engine.FindTransaction(t.Id)!;
            Assert.Equal((3UL, ReceiptStatus.Success), (found.Proof.Height, found.Proof.Receipt.Status));
            Assert.Equal(ReceiptStatus.Replay, Receipt.DecodeAll(engine.GetBlock(4)!.Receipts)[0].Status);
            Assert.Equal(3UL, engine.CommittedHeightOf(t.Id));
        }

        using LedgerEngine reopened = Open();
        Assert.Equal((3UL, ReceiptStatus.Success), (reopened.FindTransaction(t.Id)!.Proof.Height, reopened.FindTransaction(t.Id)!.Proof.Receipt.Status));
    }

    private static void CommitBlock(LedgerEngine engine, ulong height, long timestampMs, params Transaction[] transactions)
    {
        engine.Execute(engine.Committed.BlockId, TestBlocks.Id(height), height, timestampMs, transactions);
        engine.Commit(TestBlocks.Id(height), [(byte)height]);
    }

    [Fact]
    public void BalanceProof_WrongRootOrTamperedBalance_Fails()
    {
        using LedgerEngine engine = Open();
        BalanceProof proof = engine.ProveAccount(Chain.Members[0].PublicKey);
        Assert.True(proof.Verify(engine.Committed.StateRoot));
        Assert.False(proof.Verify(Crypto.Hash32.Sha256([1])));
        Assert.False((proof with { Account = proof.Account!.Value with { Balance = 1_000_000 } }).Verify(engine.Committed.StateRoot));
        Assert.False((proof with { Account = null }).Verify(engine.Committed.StateRoot));
        Assert.False((proof with { Header = proof.Header with { TotalSupply = 1 } }).Verify(engine.Committed.StateRoot));
        Assert.False((proof with { Header = proof.Header with { ReceiptsRoot = Crypto.Hash32.Sha256([2]) } }).Verify(engine.Committed.StateRoot));

    }

    [Fact]
    public void BalanceProof_PathOfAnotherTreeUnderTheCertifiedHeader_Fails()
    {
        using LedgerEngine engine = Open();
        BalanceProof real = engine.ProveAccount(Chain.Members[0].PublicKey);
        // A node's own tree with an inflated balance: its path is sound, but it reaches another
        // accounts root than the one the certified header names.
        LedgerState forged = LedgerState.Create([real.Account!.Value with { Balance = 1_000_000 }], [], [], 0, 0);
        BalanceProof fake = forged.ProveAccount(Chain.Members[0].PublicKey) with { Header = real.Header };
        Assert.True(fake.Path.VerifyInclusion(forged.Header.AccountsRoot, fake.Account!.Value.ToBytes()));
        Assert.Equal(engine.Committed.StateRoot, fake.Header.Root);

        Assert.False(fake.Verify(engine.Committed.StateRoot));
    }

    [Fact]
    public void Abandon_DropsBranchAndDescendants()
    {
        using LedgerEngine engine = Open();
        engine.Execute(engine.GenesisBlockId, TestBlocks.Id(1, 0), 1, T(1), []);
        engine.Execute(TestBlocks.Id(1, 0), TestBlocks.Id(2, 0), 2, T(2), []);
        engine.Execute(engine.GenesisBlockId, TestBlocks.Id(1, 1), 1, T(1), []);
        Assert.Equal(2, engine.Abandon(TestBlocks.Id(1, 0)));
        Assert.Equal(1, engine.SpeculativeCount);
        Assert.False(engine.TryGetExecution(TestBlocks.Id(2, 0), out _));
    }

    [Fact]
    public void Commit_OutOfOrderOrUnknown_Throws()
    {
        using LedgerEngine engine = Open();
        engine.Execute(engine.GenesisBlockId, TestBlocks.Id(1), 1, T(1), []);
        engine.Execute(TestBlocks.Id(1), TestBlocks.Id(2), 2, T(2), []);
        Assert.Throws<InvalidOperationException>(() => engine.Commit(TestBlocks.Id(2), []));
        Assert.Throws<InvalidOperationException>(() => engine.Commit(TestBlocks.Id(9), []));
        engine.Commit(TestBlocks.Id(1), []);
        engine.Commit(TestBlocks.Id(2), []);
        engine.Commit(TestBlocks.Id(2), []);
        Assert.Equal(2UL, engine.Committed.Height);
        Assert.Throws<InvalidOperationException>(() => engine.Commit(TestBlocks.Id(1), []));
    }

    [Fact]
    public void CheckTransfer_GivesPreciseReasons_AndCachesVerifiedIds()
    {
        using LedgerEngine engine = Open();
        long now = T(1_000);
        Transfer good = Chain.Transfer(0, 1, 10, now);
        Assert.True(engine.CheckTransfer(good, now).Accepted);
        Assert.True(engine.VerifiedCache.Contains(good.Id));
        Assert.Equal(AdmissionVerdict.WrongChainId, engine.CheckTransfer(Transfer.Create("x", Chain.Members[0], Chain.Members[1].PublicKey, 1, Chain.NextNonce(), now), now).Verdict);
        AdmissionResult old = engine.CheckTransfer(Chain.Transfer(0, 1, 10, now - 60_001), now);
        Assert.Equal((AdmissionVerdict.RuleViolation, ReceiptStatus.TimestampTooOld), (old.Verdict, old.Rule));
        Assert.Equal(ReceiptStatus.InsufficientFunds, engine.CheckTransfer(Chain.Transfer(0, 1, 5_000, now), now).Rule);
        Transfer forged = new(good.ChainId, good.From, good.To, 11, good.Nonce, good.TimestampMs, good.Signature);
        Assert.Equal(AdmissionVerdict.BadSignature, engine.CheckTransfer(forged, now).Verdict);

        engine.Execute(engine.GenesisBlockId, TestBlocks.Id(1), 1, now, [good]);
        engine.Commit(TestBlocks.Id(1), []);
        Assert.Equal(ReceiptStatus.Replay, engine.CheckTransfer(good, now).Rule);
    }

    [Fact]
    public void Open_OtherGenesis_IsRefused()
    {
        using (Open())
        {
        }

        TestChain other = TestChain.Create(3);
        Assert.Throws<StoreCorruptedException>(() => LedgerEngine.Open(_directory, other.Genesis));
    }

    [Fact]
    public void Execute_ConservationViolation_WritesNothing()
    {
        using LedgerEngine engine = Open();
        Crypto.Hash32 before = engine.Committed.StateRoot;
        engine.Execute(engine.GenesisBlockId, TestBlocks.Id(1), 1, T(1), []);
        engine.Commit(TestBlocks.Id(1), []);
        engine.Executor.FaultInjection = a => a with { Balance = a.Balance - 1 };
        Assert.Throws<ConservationViolationException>(() => engine.Execute(TestBlocks.Id(1), TestBlocks.Id(2), 2, T(2), [Chain.Transfer(0, 1, 5, T(2))]));
        Assert.Equal(0, engine.SpeculativeCount);
        Assert.Equal(1UL, engine.Committed.Height);
        Assert.Null(engine.GetBlock(2));
        Assert.NotEqual(before, engine.Committed.StateRoot);
    }

    private readonly record struct Hash32Pair(Crypto.Hash32 A, Crypto.Hash32 B);
}
