using Ledger.Consensus.Messages;
using Ledger.Crypto;
using Ledger.Node.Mempool;
using Ledger.Node.Runtime;
using Ledger.Transactions;

namespace Ledger.Node.Tests.Unit;

/// <summary>
/// A leader's proposal leaves out the transactions of every block above the height whose commit
/// the event loop has carried out, not above the ledger's head: the committer (off the loop) may
/// have committed a block whose transactions are still in the mempool. Without the rule `ledger
/// chaos` saw one transfer ordered in blocks 45 and 48.
/// </summary>
public sealed class ProposalPayloadBuilderTests : IDisposable
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);
    private readonly CertifiedLedger _ledger = new();
    private readonly Dictionary<Hash32, Block> _blocks = [];
    private readonly SignatureVerifierPool _verifiers = new(1, 1_000, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
    private readonly TransactionPool _mempool;
    private readonly ProposalPayloadBuilder _builder;

    public ProposalPayloadBuilderTests()
    {
        var admission = new LedgerAdmission(_ledger.Engine, new RecentCommits(_ledger.Chain.GenesisTimeMs, 60_000), _verifiers);
        _mempool = new TransactionPool(admission, 100, Lease);
        _builder = new ProposalPayloadBuilder(_mempool, _ledger.Engine, id => _blocks.GetValueOrDefault(id));
    }

    public void Dispose()
    {
        _verifiers.Dispose();
        _ledger.Dispose();
    }

    [Fact]
    public void Build_BlockCommittedByLedgerButNotYetOnLoop_LeavesItsTransactionsOut()
    {
        var (first, second) = Submit();

        // Block 1 carries the first transfer and the committer has committed it (the ledger's head
        // is 1), but the loop has not taken that commit: the transfer is still in the mempool, and
        // its proposal lease has run out (a slow round).
        var committed = Keep(_ledger.Commit(first));
        _mempool.MarkProposed([first.Id], Now);
        Assert.Equal(1UL, _ledger.Engine.Committed.Height);
        Assert.Equal(0UL, _builder.CommittedOnLoop);
        Assert.True(_mempool.Contains(first.Id));

        var proposed = _builder.Build(committed.Id, 100, 1_000_000, Now + Lease + TimeSpan.FromMilliseconds(1));

        Assert.Equal(new[] { second.Id }, proposed.Select(t => t.Id));
    }

    [Fact]
    public void Build_CommitCarriedOutOnLoop_StopsTheWalkThere()
    {
        var (first, second) = Submit();
        var committed = Keep(_ledger.Commit(first));

        // The loop takes the commit: the mempool drops the block's transfers and the walk ends below it.
        _mempool.RemoveCommitted([first.Id]);
        _builder.CommitCarriedOut(committed.Height);
        _blocks.Clear();

        var proposed = _builder.Build(committed.Id, 100, 1_000_000, Now);

        Assert.Equal(new[] { second.Id }, proposed.Select(t => t.Id));
        Assert.Equal(1UL, _builder.CommittedOnLoop);
    }

    [Fact]
    public void Build_NothingAboveTheLoopsHeight_ProposesTheMempoolInOrder()
    {
        var (first, second) = Submit();

        var proposed = _builder.Build(_ledger.Engine.Committed.BlockId, 100, 1_000_000, Now);

        Assert.Equal(new[] { first.Id, second.Id }, proposed.Select(t => t.Id));
    }

    private DateTimeOffset Now => DateTimeOffset.FromUnixTimeMilliseconds(_ledger.Chain.GenesisTimeMs + 600);

    private (Transfer First, Transfer Second) Submit()
    {
        Transfer first = _ledger.Chain.Transfer(0, 1, 10, _ledger.Chain.GenesisTimeMs + 500);
        Transfer second = _ledger.Chain.Transfer(2, 3, 20, _ledger.Chain.GenesisTimeMs + 500);
        var verdicts = _mempool.Submit([first.Encoded.ToArray(), second.Encoded.ToArray()], Now);
        Assert.All(verdicts, v => Assert.Equal(SubmitStatus.Accepted, v.Status));
        return (first, second);
    }

    private Block Keep(Block block)
    {
        _blocks[block.Id] = block;
        return block;
    }
}
