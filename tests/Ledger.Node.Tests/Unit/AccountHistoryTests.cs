using Ledger.Client.Evidence;
using Ledger.Crypto;
using Ledger.Node.Runtime;
using Ledger.Node.Services;

namespace Ledger.Node.Tests.Unit;

/// <summary>
/// An account's history is read from the stored blocks newest first: every transfer the account
/// sent or received, none of anyone else's, each proven as GetTransfer proves it, and paging
/// through it with the cursor visits each one exactly once, whatever the page size and scan budget.
/// </summary>
public sealed class AccountHistoryTests : IDisposable
{
    private readonly CertifiedLedger _ledger = new();
    private readonly List<Transactions.Transfer> _mine = [];

    public AccountHistoryTests()
    {
        long ts = _ledger.Chain.GenesisTimeMs + 1_000;

        // Member 0's transfers: two in block 1 (around someone else's), none in block 2, one
        // received in block 3 and one sent in block 4 (at index 1).
        var sent = _ledger.Chain.Transfer(0, 1, 10, ts);
        var other = _ledger.Chain.Transfer(2, 3, 10, ts);
        var received = _ledger.Chain.Transfer(1, 0, 5, ts);
        _ledger.Commit(sent, other, received);
        _ledger.Commit(_ledger.Chain.Transfer(2, 3, 1, ts + 1_000));
        var third = _ledger.Chain.Transfer(3, 0, 7, ts + 2_000);
        _ledger.Commit(third);
        var fourth = _ledger.Chain.Transfer(0, 2, 9, ts + 3_000);
        _ledger.Commit(_ledger.Chain.Transfer(3, 2, 1, ts + 3_000), fourth);
        _mine.AddRange([fourth, third, received, sent]);
    }

    private PublicKey Member0 => _ledger.Chain.Members[0].PublicKey;

    public void Dispose() => _ledger.Dispose();

    private AccountHistory History(int scanBlocks = 1_000, long scanBytes = 1L << 30) => new(_ledger.Engine, new LedgerStoreGate(), scanBlocks, scanBytes);

    [Fact]
    public void Read_FromTheHead_EveryTransferOfTheAccountNewestFirstAndNoOneElses()
    {
        var page = History().Read(Member0, 0, 0, 100);

        Assert.Equal(_mine.Select(t => t.Id), page.Entries.Select(e => e.Transaction.Id));
        Assert.Equal((0UL, 0U, 4UL), (page.NextBeforeHeight, page.NextBeforeIndex, page.ScannedFromHeight));
    }

    [Fact]
    public void Read_EachEntry_VerifiesAgainstGenesisAsGetTransferDoes()
    {
        var verifier = new EvidenceVerifier(_ledger.Genesis);

        var page = History().Read(Member0, 0, 0, 100);

        Assert.All(page.Entries, e => Assert.True(verifier.VerifyTransfer(TransferProofs.From(e), e.Transaction.Id).Succeeded));
        Assert.Equal([4UL, 3UL, 1UL, 1UL], page.Entries.Select(e => e.Proof.Height));
    }

    [Theory]
    [InlineData(1, 1_000, 1L << 30)]
    [InlineData(2, 1_000, 1L << 30)]
    [InlineData(3, 1, 1L << 30)]
    [InlineData(1, 1, 1L << 30)]
    [InlineData(3, 1_000, 1L)]
    public void Read_PagedWithTheCursor_VisitsEveryEntryOnceInOrder(int limit, int scanBlocks, long scanBytes)
    {
        var history = History(scanBlocks, scanBytes);
        var seen = new List<Hash32>();
        (ulong height, uint index) = (0, 0);
        for (int call = 0; call < 20; call++)
        {
            var page = history.Read(Member0, height, index, limit);
            Assert.True(page.Entries.Count <= limit);
            seen.AddRange(page.Entries.Select(e => e.Transaction.Id));
            (height, index) = (page.NextBeforeHeight, page.NextBeforeIndex);
            if (height == 0)
            {
                break;
            }
        }

        Assert.Equal(0UL, height);
        Assert.Equal(_mine.Select(t => t.Id), seen);
    }

    [Fact]
    public void Read_BeforeAHeight_OnlyBlocksBelowIt()
    {
        var page = History().Read(Member0, 3, 0, 100);

        Assert.Equal(_mine.Skip(2).Select(t => t.Id), page.Entries.Select(e => e.Transaction.Id));
        Assert.Equal(2UL, page.ScannedFromHeight);
    }

    [Fact]
    public void Read_ScanBudgetSpent_StopsWithTheHeightToContinueBelow()
    {
        var page = History(scanBlocks: 2).Read(Member0, 0, 0, 100);

        Assert.Equal(_mine.Take(2).Select(t => t.Id), page.Entries.Select(e => e.Transaction.Id));
        Assert.Equal((3UL, 0U), (page.NextBeforeHeight, page.NextBeforeIndex));
    }

    [Fact]
    public void Read_ScanByteBudgetSpent_StopsAfterTheBlockThatSpentIt()
    {
        var page = History(scanBytes: 1).Read(Member0, 0, 0, 100);

        Assert.Equal(_mine.Take(1).Select(t => t.Id), page.Entries.Select(e => e.Transaction.Id));
        Assert.Equal((4UL, 0U), (page.NextBeforeHeight, page.NextBeforeIndex));
    }

    [Fact]
    public void Read_AccountWithoutTransfers_EmptyAndAtGenesis()
    {
        var stranger = History().Read(new PublicKey(Hash32.Sha256("nobody"u8).ToArray()), 0, 0, 100);

        Assert.Empty(stranger.Entries);
        Assert.Equal(0UL, stranger.NextBeforeHeight);
    }
}
