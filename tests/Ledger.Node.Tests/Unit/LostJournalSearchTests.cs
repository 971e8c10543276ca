using Ledger.Client.Journal;
using Ledger.Client.Nodes;
using Ledger.Client.Protos;
using Ledger.Client.Requests;
using Ledger.Client.Transfers;
using Ledger.Crypto;
using Ledger.Transactions;

namespace Ledger.Node.Tests.Unit;

/// <summary>
/// A wallet whose journal has no entry for a request id asks the sender's account history, every
/// entry verified against genesis, for a commit with the request's derived nonce before signing:
/// found, it reports that commit and signs nothing; not found down to genesis, it signs (saying
/// what the search covered); a search that stops before genesis refuses to sign, since a commit
/// below the scanned range is beyond the replay guard's reach.
/// </summary>
public sealed class LostJournalSearchTests : IDisposable
{
    private const string Paid = "invoice-7";

    private readonly CertifiedLedger _ledger = new();
    private readonly string _journal = Path.Combine(Path.GetTempPath(), "ledger-journal-" + Guid.NewGuid().ToString("N"));
    private readonly Transfer _paid;

    public LostJournalSearchTests()
    {
        long ts = _ledger.Chain.GenesisTimeMs + 1_000;
        var sender = _ledger.Chain.Members[0];
        _paid = Transfer.Create(_ledger.Genesis.ChainId, sender, Member(1), 10, RequestNonce.Derive(sender, _ledger.Genesis.ChainId, RequestId.Parse(Paid)), ts);
        _ledger.Commit(_paid);
        _ledger.Commit(_ledger.Chain.Transfer(0, 2, 1, ts + 1_000));
        _ledger.Commit(_ledger.Chain.Transfer(2, 0, 1, ts + 2_000));
    }

    public void Dispose()
    {
        _ledger.Dispose();
        if (Directory.Exists(_journal))
        {
            Directory.Delete(_journal, true);
        }
    }

    private PublicKey Member(int index) => _ledger.Chain.Members[index].PublicKey;

    private SigningKey Sender => _ledger.Chain.Members[0];

    private TransferClient Client(FakeLedgerInvoker invoker, int maxPages = 1_000)
    {
        var nodes = new LedgerNodes(_ledger.Genesis, ["fake"], _ => (new LedgerClient.LedgerClientClient(invoker), null));
        return new TransferClient(nodes, new TransferJournal(_journal), TimeProvider.System, new TransferClientOptions { HistorySearchMaxPages = maxPages });
    }

    [Fact]
    public async Task PrepareAsync_NotJournaledButCommittedInHistory_ReportsTheCommitAndSignsNothing()
    {
        var invoker = new FakeLedgerInvoker(_ledger, []) { HistoryScanBlocks = 1 };
        var client = Client(invoker);

        var prepared = await client.PrepareAsync(Sender, Member(1), 10, RequestId.Parse(Paid), CancellationToken.None);
        var outcome = await client.ResolveAsync(prepared, send: true, CancellationToken.None);

        Assert.Equal(_paid.Id, prepared.Entry.Transfer.Id);
        Assert.True(prepared.Resumed);
        Assert.Equal(3, prepared.Search!.Pages);
        Assert.Equal(TransferOutcomeKind.Committed, outcome.Kind);
        Assert.Equal(1UL, outcome.Height);
        Assert.True(outcome.FromHistory);
        Assert.False(outcome.FromJournal);

        // The journal holds the request again, with its outcome: the next run reads it from there.
        var again = await Client(invoker).PrepareAsync(Sender, Member(1), 10, RequestId.Parse(Paid), CancellationToken.None);
        Assert.Equal(_paid.Id, again.Entry.Transfer.Id);
        Assert.Equal(JournalOutcomeKind.Committed, again.Entry.Outcome!.Kind);
        Assert.Null(again.Search);
    }

    [Fact]
    public async Task PrepareAsync_CommittedInHistoryWithOtherAmount_RefusesAsAConflict()
    {
        var client = Client(new FakeLedgerInvoker(_ledger, []));

        var e = await Assert.ThrowsAsync<RequestConflictException>(() => client.PrepareAsync(Sender, Member(1), 11, RequestId.Parse(Paid), CancellationToken.None));

        Assert.Contains("committed at height 1", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_journal, "*.json"));
    }

    [Fact]
    public async Task PrepareAsync_NotInHistoryDownToGenesis_SignsWithTheDerivedNonceAndSaysWhatWasSearched()
    {
        var client = Client(new FakeLedgerInvoker(_ledger, []));
        var id = RequestId.Parse("invoice-8");

        var prepared = await client.PrepareAsync(Sender, Member(1), 10, id, CancellationToken.None);

        Assert.False(prepared.Resumed);
        Assert.Equal(RequestNonce.Derive(Sender, _ledger.Genesis.ChainId, id), prepared.Entry.Transfer.Nonce);
        Assert.NotNull(prepared.Search);
        Assert.Null(prepared.Search.Found);
        Assert.True(prepared.Search.ReachedGenesis);
        Assert.Equal(3, prepared.Search.EntriesRead);
        Assert.Contains("NOT PROVEN COMPLETE", prepared.Search.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrepareAsync_NodeHidesTheCommit_SignsAgainUnderTheSameNonce()
    {
        // Completeness is the node's word: a node that leaves the commit out gets a new signing,
        // with the same (sender, nonce), which the ledger then refuses as Replay only within the window.
        var client = Client(new FakeLedgerInvoker(_ledger, []) { HideFromHistory = id => id == _paid.Id });

        var prepared = await client.PrepareAsync(Sender, Member(1), 10, RequestId.Parse(Paid), CancellationToken.None);

        Assert.NotEqual(_paid.Id, prepared.Entry.Transfer.Id);
        Assert.Equal(_paid.Nonce, prepared.Entry.Transfer.Nonce);
    }

    [Fact]
    public async Task PrepareAsync_SearchStopsBeforeGenesis_RefusesToSign()
    {
        var client = Client(new FakeLedgerInvoker(_ledger, []) { HistoryScanBlocks = 1 }, maxPages: 2);

        var e = await Assert.ThrowsAsync<RequestHistoryIncompleteException>(() => client.PrepareAsync(Sender, Member(1), 10, RequestId.Parse("invoice-9"), CancellationToken.None));

        Assert.False(e.Search!.ReachedGenesis);
        Assert.Equal(2, e.Search.Pages);
        Assert.Contains("heights 3 down to 2 only", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_journal) && Directory.GetFiles(_journal, "*.json").Length > 0);
    }

    [Fact]
    public async Task PrepareAsync_NewRequestId_DoesNotSearchTheHistory()
    {
        var invoker = new FakeLedgerInvoker(_ledger, []);

        var prepared = await Client(invoker).PrepareAsync(Sender, Member(1), 10, RequestId.New(TimeProvider.System), CancellationToken.None, newRequestId: true);

        Assert.Equal(0, invoker.HistoryCalls);
        Assert.Null(prepared.Search);
        Assert.False(prepared.Resumed);
    }
}
