using Ledger.Client.Journal;
using Ledger.Client.Requests;
using Ledger.Crypto;
using Ledger.Transactions;

namespace Ledger.Client.Tests;

public sealed class TransferJournalTests : IDisposable
{
    private const string Chain = "journal-chain";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "journal-" + Guid.NewGuid().ToString("N")[..8]);

    private readonly SigningKey _sender = SigningKey.FromSeed(Enumerable.Repeat((byte)7, 32).ToArray());

    private readonly SigningKey _recipient = SigningKey.FromSeed(Enumerable.Repeat((byte)9, 32).ToArray());

    [Fact]
    public void Record_ThenFind_ReturnsTheSameSignedBytes()
    {
        var journal = new TransferJournal(_folder);
        var request = RequestId.Parse("pay-1");
        var transfer = Sign(request, 25, 1_000);

        journal.Record(request, transfer, 1_000);
        var found = new TransferJournal(_folder).Find(Chain, _sender.PublicKey, request, 16 * 1024);

        Assert.NotNull(found);
        Assert.Equal(transfer.Encoded.ToArray(), found.Transfer.Encoded.ToArray());
        Assert.Equal(request, found.RequestId);
        Assert.Null(found.Outcome);
    }

    [Fact]
    public void Find_OtherRequestSenderOrChain_FindsNothing()
    {
        var journal = new TransferJournal(_folder);
        var request = RequestId.Parse("pay-1");
        journal.Record(request, Sign(request, 25, 1_000), 1_000);

        Assert.Null(journal.Find(Chain, _sender.PublicKey, RequestId.Parse("pay-2"), 16 * 1024));
        Assert.Null(journal.Find(Chain, _recipient.PublicKey, request, 16 * 1024));
        Assert.Null(journal.Find("other-chain", _sender.PublicKey, request, 16 * 1024));
    }

    [Fact]
    public void Record_SameRequestTwice_NeverReplacesTheFirst()
    {
        var journal = new TransferJournal(_folder);
        var request = RequestId.Parse("pay-1");
        var first = Sign(request, 25, 1_000);
        journal.Record(request, first, 1_000);

        Assert.Throws<IOException>(() => journal.Record(request, Sign(request, 25, 2_000), 2_000));
        Assert.Equal(first.Id, journal.Find(Chain, _sender.PublicKey, request, 16 * 1024)!.Transfer.Id);
    }

    [Fact]
    public void Find_TornEntry_FreesTheRequestAndKeepsTheFileAside()
    {
        var journal = new TransferJournal(_folder);
        var request = RequestId.Parse("pay-1");
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, TransferJournal.EntryName(Chain, _sender.PublicKey, request) + ".json");
        File.WriteAllText(path, "{\"version\": 1, \"requestId\": \"pa");

        Assert.Null(journal.Find(Chain, _sender.PublicKey, request, 16 * 1024));
        Assert.False(File.Exists(path));
        Assert.Single(Directory.GetFiles(_folder, "*.torn-*"));
    }

    [Fact]
    public void Find_EntryHoldingAnotherRequestsTransfer_ThrowsJournalCorrupt()
    {
        var journal = new TransferJournal(_folder);
        var request = RequestId.Parse("pay-1");
        var other = RequestId.Parse("pay-2");
        journal.Record(other, Sign(other, 25, 1_000), 1_000);
        File.Copy(
            Path.Combine(_folder, TransferJournal.EntryName(Chain, _sender.PublicKey, other) + ".json"),
            Path.Combine(_folder, TransferJournal.EntryName(Chain, _sender.PublicKey, request) + ".json"));

        Assert.Throws<JournalCorruptException>(() => journal.Find(Chain, _sender.PublicKey, request, 16 * 1024));
    }

    [Fact]
    public void RecordOutcome_ThenFind_ReturnsTheFinalOutcome()
    {
        var journal = new TransferJournal(_folder);
        var request = RequestId.Parse("pay-1");
        var entry = journal.Record(request, Sign(request, 25, 1_000), 1_000);
        var outcome = new JournalOutcome(JournalOutcomeKind.Committed, 42, "Success", 0, "127.0.0.1:7101", 5_000);

        journal.RecordOutcome(entry, outcome);

        Assert.Equal(outcome, journal.Find(Chain, _sender.PublicKey, request, 16 * 1024)!.Outcome);
    }

    [Fact]
    public async Task LockAsync_HeldByAnother_WaitsThenFails()
    {
        var journal = new TransferJournal(_folder);
        using var held = await journal.LockAsync(TimeSpan.Zero, TimeProvider.System, CancellationToken.None);

        await Assert.ThrowsAsync<IOException>(() => journal.LockAsync(TimeSpan.Zero, TimeProvider.System, CancellationToken.None));
    }

    public void Dispose()
    {
        _sender.Dispose();
        _recipient.Dispose();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private Transfer Sign(RequestId request, ulong amount, long timestampMs) =>
        Transfer.Create(Chain, _sender, _recipient.PublicKey, amount, RequestNonce.Derive(_sender, Chain, request), timestampMs);
}
