using Ledger.Client.Evidence;
using Ledger.Client.Protos;
using Ledger.Crypto;
using Ledger.Node.Runtime;
using Ledger.Node.Services;

namespace Ledger.Node.Tests.Unit;

/// <summary>
/// A wallet accepts a history page only when every entry is a verified transfer of the account,
/// in strictly decreasing position inside the cursor asked for, and the next cursor cannot make
/// paging repeat entries: a node cannot slip in someone else's transfer, reorder or repeat one.
/// </summary>
public sealed class HistoryVerificationTests : IDisposable
{
    private readonly CertifiedLedger _ledger = new();

    public HistoryVerificationTests()
    {
        long ts = _ledger.Chain.GenesisTimeMs + 1_000;
        _ledger.Commit(_ledger.Chain.Transfer(0, 1, 10, ts), _ledger.Chain.Transfer(2, 3, 10, ts));
        _ledger.Commit(_ledger.Chain.Transfer(1, 0, 5, ts + 1_000));
        _ledger.Commit(_ledger.Chain.Transfer(0, 2, 1, ts + 2_000));
    }

    private EvidenceVerifier Verifier => new(_ledger.Genesis);

    private PublicKey Member(int index) => _ledger.Chain.Members[index].PublicKey;

    public void Dispose() => _ledger.Dispose();

    private GetAccountHistoryResponse Answer(int member, ulong beforeHeight = 0, uint beforeIndex = 0, int limit = 100)
    {
        var page = new AccountHistory(_ledger.Engine, new LedgerStoreGate(), 1_000, 1L << 30).Read(Member(member), beforeHeight, beforeIndex, limit);
        var response = new GetAccountHistoryResponse { NextBeforeHeight = page.NextBeforeHeight, NextBeforeIndex = page.NextBeforeIndex, ScannedFromHeight = page.ScannedFromHeight };
        response.Entries.AddRange(page.Entries.Select(TransferProofs.From));
        return response;
    }

    [Fact]
    public void VerifyHistory_HonestPage_EveryEntryVerifiedNewestFirst()
    {
        var page = Verifier.VerifyHistory(Answer(0), Member(0), 0, 0, 0);

        Assert.Equal([3UL, 2UL, 1UL], page.Entries.Select(e => e.Height));
        Assert.True(page.ReachedGenesis);
    }

    [Fact]
    public void VerifyHistory_AnotherAccountsTransferSlippedIn_Throws()
    {
        var lie = Answer(0);
        lie.Entries.Add(Answer(3).Entries[0]);

        var e = Assert.Throws<EvidenceException>(() => Verifier.VerifyHistory(lie, Member(0), 0, 0, 0));
        Assert.Contains("is not a transfer of account", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyHistory_EntriesReorderedOrRepeated_Throws()
    {
        var reordered = Answer(0);
        (reordered.Entries[0], reordered.Entries[1]) = (reordered.Entries[1], reordered.Entries[0]);
        var repeated = Answer(0);
        repeated.Entries.Insert(1, repeated.Entries[0]);

        Assert.Throws<EvidenceException>(() => Verifier.VerifyHistory(reordered, Member(0), 0, 0, 0));
        Assert.Throws<EvidenceException>(() => Verifier.VerifyHistory(repeated, Member(0), 0, 0, 0));
    }

    [Fact]
    public void VerifyHistory_EntryAtOrAboveTheCursorAskedFor_Throws()
    {
        var lie = Answer(0);

        var e = Assert.Throws<EvidenceException>(() => Verifier.VerifyHistory(lie, Member(0), 3, 0, 0));
        Assert.Contains("is not before 3/0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyHistory_NextCursorAboveTheLastEntry_Throws()
    {
        var lie = Answer(0, limit: 1);
        lie.NextBeforeHeight = 4;

        var e = Assert.Throws<EvidenceException>(() => Verifier.VerifyHistory(lie, Member(0), 0, 0, 1));
        Assert.Contains("paging would repeat entries", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyHistory_MoreEntriesThanTheLimit_Throws()
    {
        Assert.Throws<EvidenceException>(() => Verifier.VerifyHistory(Answer(0), Member(0), 0, 0, 2));
    }
}
