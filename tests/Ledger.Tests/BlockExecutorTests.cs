using Ledger.Crypto;
using Ledger.Execution;
using Ledger.State;
using Ledger.TestKit.Chains;
using Ledger.Transactions;

namespace Ledger.Tests;

public sealed class BlockExecutorTests
{
    private static readonly TestChain Chain = TestChain.Create();

    private static ExecutionHarness NewHarness() => new(Chain);

    [Fact]
    public void Execute_ValidTransfer_MovesFundsAndKeepsSupply()
    {
        ExecutionHarness h = NewHarness();
        ExecutionResult result = h.Run(1_000, Chain.Transfer(0, 1, 300, h.TimestampMs + 1_000));
        Assert.Equal(ReceiptStatus.Success, result.Receipts[0].Status);
        Assert.Equal(700UL, h.BalanceOf(0));
        Assert.Equal(1_300UL, h.BalanceOf(1));
        Assert.Equal(4_000UL, result.State.TotalSupply);
        Assert.Equal(1, result.State.SeenCount);
    }

    [Fact]
    public void Execute_SameInputTwice_GivesSameRoots()
    {
        Transfer t = Chain.Transfer(0, 1, 5, Chain.GenesisTimeMs + 10);
        ExecutionResult a = NewHarness().Run(10, t);
        ExecutionResult b = NewHarness().Run(10, t);
        Assert.Equal(a.StateRoot, b.StateRoot);
        Assert.Equal(a.TxRoot, b.TxRoot);
    }

    [Fact]
    public void Execute_SelfTransfer_MovesNothing()
    {
        ExecutionHarness h = NewHarness();
        ExecutionResult result = h.Run(10, Chain.Transfer(2, 2, 999, h.TimestampMs + 10));
        Assert.Equal(ReceiptStatus.Success, result.Receipts[0].Status);
        Assert.Equal(1_000UL, h.BalanceOf(2));
    }

    [Theory]
    [InlineData(0UL, ReceiptStatus.ZeroAmount)]
    [InlineData(1_001UL, ReceiptStatus.InsufficientFunds)]
    [InlineData(ulong.MaxValue, ReceiptStatus.InsufficientFunds)]
    public void Execute_BadAmount_FailsAndChangesNothing(ulong amount, ReceiptStatus expected)
    {
        ExecutionHarness h = NewHarness();
        LedgerState before = h.State;
        ExecutionResult result = h.Run(10, Chain.Transfer(0, 1, amount, h.TimestampMs + 10));
        Assert.Equal(expected, result.Receipts[0].Status);
        Assert.Equal(before.Accounts.Root, result.State.Accounts.Root);
        Assert.Equal(0, result.State.SeenCount);
    }

    [Fact]
    public void Execute_TimestampOutsideWindow_Fails()
    {
        ExecutionHarness h = NewHarness();
        long blockTime = h.TimestampMs + 100_000;
        ExecutionResult result = h.Run(100_000,
            Chain.Transfer(0, 1, 1, blockTime - 60_001),
            Chain.Transfer(0, 1, 1, blockTime - 60_000),
            Chain.Transfer(0, 1, 1, blockTime + 5_000),
            Chain.Transfer(0, 1, 1, blockTime + 5_001));
        Assert.Equal(
            [ReceiptStatus.TimestampTooOld, ReceiptStatus.Success, ReceiptStatus.Success, ReceiptStatus.TimestampTooNew],
            result.Receipts.Select(r => r.Status));
    }

    [Fact]
    public void Execute_UnknownAccounts_Fail()
    {
        ExecutionHarness h = NewHarness();
        using SigningKey stranger = TestChain.KeyFor(500);
        Transfer fromStranger = Transfer.Create(TestChain.ChainId, stranger, Chain.Members[0].PublicKey, 1, Chain.NextNonce(), h.TimestampMs);
        Transfer toStranger = Transfer.Create(TestChain.ChainId, Chain.Members[0], stranger.PublicKey, 1, Chain.NextNonce(), h.TimestampMs);
        ExecutionResult result = h.Run(0, fromStranger, toStranger);
        Assert.Equal([ReceiptStatus.UnknownSender, ReceiptStatus.UnknownRecipient], result.Receipts.Select(r => r.Status));
        Assert.Equal(1_000UL, h.BalanceOf(0));
    }

    [Fact]
    public void Execute_ReplayInSameBlockAndLaterBlock_Fails()
    {
        ExecutionHarness h = NewHarness();
        Transfer t = Chain.Transfer(0, 1, 10, h.TimestampMs + 10);
        ExecutionResult first = h.Run(10, t, t);
        Assert.Equal([ReceiptStatus.Success, ReceiptStatus.Replay], first.Receipts.Select(r => r.Status));
        TransferNonce reused = t.Nonce;
        ExecutionResult second = h.Run(10, Chain.Transfer(0, 1, 11, h.TimestampMs + 10, reused));
        Assert.Equal(ReceiptStatus.Replay, second.Receipts[0].Status);
        Assert.Equal(990UL, h.BalanceOf(0));
    }

    [Fact]
    public void Execute_AfterWindow_PrunesSeenSetDeterministically()
    {
        ExecutionHarness h = NewHarness();
        Transfer t = Chain.Transfer(0, 1, 10, h.TimestampMs);
        h.Run(0, t);
        Assert.Equal(1, h.State.SeenCount);
        h.Run(60_000);
        Assert.Equal(1, h.State.SeenCount);
        ExecutionResult pruning = h.Run(1);
        Assert.Equal(0, pruning.State.SeenCount);
        Assert.Single(pruning.Changes.SeenPruned);
        // The old transfer itself stays dead: its timestamp is now outside the window.
        Assert.Equal(ReceiptStatus.TimestampTooOld, h.Run(0, t).Receipts[0].Status);
    }

    [Fact]
    public void Execute_NonceReusedWithFreshTimestampAsOldEntryExpires_ReplacesEntry()
    {
        ExecutionHarness h = NewHarness();
        Transfer old = Chain.Transfer(0, 1, 10, h.TimestampMs);
        h.Run(0, old);
        ExecutionResult result = h.Run(60_001, Chain.Transfer(0, 1, 10, h.TimestampMs + 60_001, old.Nonce));
        Assert.Equal(ReceiptStatus.Success, result.Receipts[0].Status);
        Assert.Equal(1, result.State.SeenCount);
    }

    [Fact]
    public void Execute_BadSignature_RejectsWholeBlock()
    {
        ExecutionHarness h = NewHarness();
        Transfer good = Chain.Transfer(0, 1, 10, h.TimestampMs);
        byte[] sig = good.Signature.ToArray();
        sig[0] ^= 1;
        var forged = new Transfer(good.ChainId, good.From, good.To, good.Amount, good.Nonce, good.TimestampMs, new Signature(sig));
        var e = Assert.Throws<InvalidBlockException>(() => h.Run(0, Chain.Transfer(1, 0, 1, h.TimestampMs), forged));
        Assert.Equal(InvalidBlockReason.BadSignature, e.Reason);
        Assert.Equal(0UL, h.State.Height);
    }

    [Fact]
    public void Execute_ManyUnverifiedWithTwoForged_NamesTheFirstForgedAndCachesNothing()
    {
        // Large enough that the signatures are checked on all cores; the answer must still be
        // the lowest bad index, and a block refused for a bad signature vouches for none.
        ExecutionHarness h = NewHarness();
        int members = Chain.Members.Count;
        var transactions = new Transaction[200];
        for (int i = 0; i < transactions.Length; i++)
        {
            transactions[i] = Chain.Transfer(i % members, (i + 1) % members, 1, h.TimestampMs);
        }

        transactions[137] = Forge((Transfer)transactions[137]);
        transactions[71] = Forge((Transfer)transactions[71]);
        var cache = new VerifiedTransactionCache(1_000);
        var block = new BlockInput(TestBlocks.Id(0), TestBlocks.Id(1), 1, h.TimestampMs, transactions);
        var e = Assert.Throws<InvalidBlockException>(() => h.Executor.Execute(h.State, block, cache));
        Assert.Equal(InvalidBlockReason.BadSignature, e.Reason);
        Assert.Contains($"transaction 71 ({transactions[71].Id.ToShortHex()})", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, cache.Count);

        transactions[71] = Chain.Transfer(71 % members, 72 % members, 1, h.TimestampMs);
        transactions[137] = Chain.Transfer(137 % members, 138 % members, 1, h.TimestampMs);
        ExecutionResult result = h.Executor.Execute(h.State, new BlockInput(TestBlocks.Id(0), TestBlocks.Id(1), 1, h.TimestampMs, transactions), cache);
        Assert.All(result.Receipts, r => Assert.Equal(ReceiptStatus.Success, r.Status));
        Assert.Equal(transactions.Length, cache.Count);
    }

    private static Transfer Forge(Transfer good)
    {
        byte[] sig = good.Signature.ToArray();
        sig[5] ^= 0x40;
        return new Transfer(good.ChainId, good.From, good.To, good.Amount, good.Nonce, good.TimestampMs, new Signature(sig));
    }

    [Fact]
    public void Execute_PreVerifiedId_SkipsSignatureCheck()
    {
        ExecutionHarness h = NewHarness();
        Transfer good = Chain.Transfer(0, 1, 10, h.TimestampMs);
        byte[] sig = good.Signature.ToArray();
        sig[0] ^= 1;
        var forged = new Transfer(good.ChainId, good.From, good.To, good.Amount, good.Nonce, good.TimestampMs, new Signature(sig));
        var cache = new VerifiedTransactionCache(10);
        cache.Add(forged.Id);
        var block = new BlockInput(TestBlocks.Id(0), TestBlocks.Id(1), 1, h.TimestampMs, [forged]);
        Assert.Equal(ReceiptStatus.Success, h.Executor.Execute(h.State, block, cache).Receipts[0].Status);
        Assert.Throws<InvalidBlockException>(() => h.Executor.Execute(h.State, block, new VerifiedTransactionCache(10)));
    }

    [Fact]
    public void Execute_VerifiesOnce_AddsIdsToCache()
    {
        ExecutionHarness h = NewHarness();
        Transfer t = Chain.Transfer(0, 1, 10, h.TimestampMs);
        var cache = new VerifiedTransactionCache(10);
        h.Executor.Execute(h.State, new BlockInput(TestBlocks.Id(0), TestBlocks.Id(1), 1, h.TimestampMs, [t]), cache);
        Assert.True(cache.Contains(t.Id));
    }

    [Fact]
    public void Execute_WrongChainId_RejectsWholeBlock()
    {
        ExecutionHarness h = NewHarness();
        Transfer other = Transfer.Create("other-chain", Chain.Members[0], Chain.Members[1].PublicKey, 1, Chain.NextNonce(), h.TimestampMs);
        Assert.Equal(InvalidBlockReason.WrongChainId, Assert.Throws<InvalidBlockException>(() => h.Run(0, other)).Reason);
    }

    [Fact]
    public void Execute_TimestampBeforeParent_RejectsBlock()
    {
        ExecutionHarness h = NewHarness();
        h.Run(1_000);
        Assert.Equal(InvalidBlockReason.TimestampBeforeParent, Assert.Throws<InvalidBlockException>(() => h.Run(-1)).Reason);
    }

    [Fact]
    public void Execute_HeightNotParentPlusOne_RejectsBlock()
    {
        ExecutionHarness h = NewHarness();
        var block = new BlockInput(TestBlocks.Id(0), TestBlocks.Id(2), 2, h.TimestampMs, []);
        Assert.Equal(InvalidBlockReason.HeightNotParentPlusOne, Assert.Throws<InvalidBlockException>(() => h.Executor.Execute(h.State, block)).Reason);
    }

    [Fact]
    public void Execute_TooManyTransactions_RejectsBlock()
    {
        TestChain small = TestChain.Create(2, 100, new Genesis.LedgerParameters { MaxBlockTransactions = 1 });
        var h = new ExecutionHarness(small);
        Assert.Equal(InvalidBlockReason.TooManyTransactions, Assert.Throws<InvalidBlockException>(
            () => h.Run(0, small.Transfer(0, 1, 1, h.TimestampMs), small.Transfer(0, 1, 1, h.TimestampMs))).Reason);
    }

    [Fact]
    public void Execute_FaultInjectedMoneyCreation_ThrowsConservationViolationNamingAccounts()
    {
        ExecutionHarness h = NewHarness();
        h.Executor.FaultInjection = a => a with { Balance = a.Balance + 1 };
        try
        {
            var e = Assert.Throws<ConservationViolationException>(() => h.Run(10, Chain.Transfer(0, 1, 5, h.TimestampMs + 10)));
            Assert.Equal(TestBlocks.Id(1), e.BlockId);
            Assert.Equal(1UL, e.Height);
            Assert.Contains(Chain.Members[1].PublicKey, e.Accounts);
            Assert.Contains(Chain.Members[1].PublicKey.ToHex(), e.Message, StringComparison.Ordinal);
            Assert.Equal(0UL, h.State.Height);
        }
        finally
        {
            h.Executor.FaultInjection = null;
        }
    }

    [Fact]
    public void ConservationCheck_Unbalanced_Throws()
    {
        var key = Chain.Members[0].PublicKey;
        ConservationCheck.Verify(Hash32.Zero, 1, [new TouchedBalance(key, 5, 3), new TouchedBalance(Chain.Members[1].PublicKey, 0, 2)]);
        Assert.Throws<ConservationViolationException>(() => ConservationCheck.Verify(Hash32.Zero, 1, [new TouchedBalance(key, 5, 6)]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(16)]
    public void TxRoot_EqualsReferenceRfc6962Root(int count)
    {
        Transaction[] txs = [.. Enumerable.Range(0, count).Select(i => (Transaction)Chain.Transfer(0, 1, (ulong)i + 1, 1))];
        Hash32[] leaves = [.. txs.Select(t => MerkleTree.HashLeaf(t.Id.ToArray()))];
        Assert.Equal(MerkleTree.Root(leaves), TransactionRoots.Root(txs));
    }

    [Fact]
    public void Execute_StateHeader_CommitsTheBlocksTransactionsAndReceipts()
    {
        ExecutionHarness h = NewHarness();
        Transaction[] txs = [Chain.Transfer(0, 1, 300, h.TimestampMs + 10), Chain.Transfer(2, 3, 5_000, h.TimestampMs + 10)];
        ExecutionResult result = h.Run(10, txs);

        Assert.Equal([ReceiptStatus.Success, ReceiptStatus.InsufficientFunds], result.Receipts.Select(r => r.Status));
        StateHeader header = result.State.Header;
        Assert.Equal((2u, TransactionRoots.Root(txs), ReceiptRoots.Root(result.Receipts)), (header.TransactionCount, header.TxRoot, header.ReceiptsRoot));
        Assert.Equal(result.StateRoot, header.Root);
        Assert.Equal((result.State.Height, result.State.TimestampMs, result.State.TotalSupply), (header.Height, header.TimestampMs, header.TotalSupply));
    }

    [Fact]
    public void TxRoot_IsRfc6962RootOfIds_WithVerifiableProofs()
    {
        ExecutionHarness h = NewHarness();
        Transaction[] txs = [.. Enumerable.Range(0, 5).Select(i => (Transaction)Chain.Transfer(i % 4, (i + 1) % 4, 1, h.TimestampMs))];
        ExecutionResult result = h.Run(0, txs);
        for (int i = 0; i < txs.Length; i++)
        {
            Assert.True(TransactionRoots.VerifyInclusion(txs[i].Id, i, txs.Length, TransactionRoots.InclusionProof(txs, i), result.TxRoot));
            Assert.False(TransactionRoots.VerifyInclusion(txs[(i + 1) % txs.Length].Id, i, txs.Length, TransactionRoots.InclusionProof(txs, i), result.TxRoot));
        }
    }
}
