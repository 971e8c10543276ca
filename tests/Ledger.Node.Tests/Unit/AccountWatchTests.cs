using Ledger.Client.Evidence;
using Ledger.Client.Nodes;
using Ledger.Client.Protos;
using Ledger.Crypto;

namespace Ledger.Node.Tests.Unit;

/// <summary>
/// A watch trusts no commit notice: it verifies every block from its position on, whatever
/// heights the notices name, each block must extend the one verified before it, and a node that
/// answers another height's block is caught.
/// </summary>
public sealed class AccountWatchTests : IDisposable
{
    private readonly CertifiedLedger _ledger = new();
    private readonly List<Transactions.Transfer> _mine = [];

    public AccountWatchTests()
    {
        long ts = _ledger.Chain.GenesisTimeMs + 1_000;
        var first = _ledger.Chain.Transfer(0, 1, 10, ts);
        _ledger.Commit(first, _ledger.Chain.Transfer(2, 3, 10, ts));
        _ledger.Commit(_ledger.Chain.Transfer(2, 3, 1, ts + 1_000));
        var second = _ledger.Chain.Transfer(1, 0, 5, ts + 2_000);
        _ledger.Commit(second);
        _mine.AddRange([first, second]);
    }

    private PublicKey Member0 => _ledger.Chain.Members[0].PublicKey;

    public void Dispose() => _ledger.Dispose();

    private async Task<List<VerifiedTransfer>> WatchAsync(FakeLedgerInvoker invoker, WatchPosition position)
    {
        var found = new List<VerifiedTransfer>();
        await foreach (var transfer in AccountWatch.FollowAsync(new LedgerClient.LedgerClientClient(invoker), new EvidenceVerifier(_ledger.Genesis), Member0, position, TimeSpan.FromSeconds(10), CancellationToken.None))
        {
            found.Add(transfer);
        }

        return found;
    }

    [Fact]
    public async Task FollowAsync_NoticeSkipsHeights_VerifiesEveryBlockFromThePositionAndFindsTheAccountsTransfers()
    {
        var invoker = new FakeLedgerInvoker(_ledger, [3]);
        var position = new WatchPosition(1);

        var found = await WatchAsync(invoker, position);

        Assert.Equal(_mine.Select(t => t.Id), found.Select(f => f.Transaction.Id));
        Assert.Equal([1UL, 2UL, 3UL], invoker.BlocksAsked);
        Assert.Equal(4UL, position.NextHeight);
    }

    [Fact]
    public async Task FollowAsync_NodeAnswersAnotherHeightsBlock_Throws()
    {
        var invoker = new FakeLedgerInvoker(_ledger, [3]) { BlockFor = h => h == 2 ? 1 : h };

        var e = await Assert.ThrowsAsync<EvidenceException>(() => WatchAsync(invoker, new WatchPosition(1)));
        Assert.Contains("height", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FollowAsync_BlockNotExtendingTheLastVerified_Throws()
    {
        var position = new WatchPosition(2) { LastBlockId = Hash32.Sha256("another branch"u8) };

        var e = await Assert.ThrowsAsync<EvidenceException>(() => WatchAsync(new FakeLedgerInvoker(_ledger, [3]), position));
        Assert.Contains("does not extend the block verified before it", e.Message, StringComparison.Ordinal);
        Assert.Equal(2UL, position.NextHeight);
    }
}
