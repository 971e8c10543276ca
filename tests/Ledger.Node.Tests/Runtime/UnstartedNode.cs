using Ledger.Consensus;
using Ledger.Consensus.Messages;
using Ledger.Consensus.Verification;
using Ledger.Crypto;
using Ledger.Crypto.Keys;
using Ledger.Node.Configuration;
using Ledger.Node.Hosting;
using Ledger.Node.Network;
using Ledger.Node.Snapshots;
using Ledger.Client.Evidence;
using Ledger.Node.Services;
using Ledger.Node.Testnet;
using Ledger.Transactions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Serilog;

namespace Ledger.Node.Tests.Runtime;

/// <summary>
/// Validator 0 of a fresh four-validator testnet, built by <see cref="NodeHost.Build"/> but never
/// started: no port is open and the event loop never runs, so whatever answers here answered
/// without the loop. <see cref="CommitBlocks"/> extends its ledger with blocks that carry real
/// certificates (every validator's key is in the testnet folder).
/// </summary>
internal sealed class UnstartedNode : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<SigningKey> _keys;
    private readonly string _root;
    private QuorumCertificate _highQc;

    private UnstartedNode(string root, WebApplication app, List<SigningKey> keys, TestnetResult net)
    {
        _root = root;
        _app = app;
        _keys = keys;
        Net = net;
        Context = app.Services.GetRequiredService<NodeContext>();
        _highQc = QuorumCertificate.Genesis(ChainId, Context.Ledger.Committed.StateRoot);
        GenesisQc = _highQc;
        Validators = new ValidatorSet(keys.Select(k => k.PublicKey).ToList());
    }

    public NodeContext Context { get; }

    public TestnetResult Net { get; }

    public string ChainId => Context.ChainId;

    public ValidatorSet Validators { get; }

    public QuorumCertificate GenesisQc { get; }

    /// <summary>A verifier of consensus messages against this chain's genesis validators.</summary>
    public MessageVerifier Verifier() => new(ChainId, Validators, Ed25519SignatureVerifier.Instance, GenesisQc);

    /// <summary>Genesis's block time window, as a syncing replica judges a reply.</summary>
    public BlockTimeWindow TimeWindow => new(Net.Genesis.Consensus.BlockTimeAheadMs, Net.Genesis.Consensus.BlockTimeBehindMs);

    /// <param name="configure">Changes validator 0's node.json before the build.</param>
    /// <param name="outbox">Wraps the path its consensus messages leave by (as the chaos host does).</param>
    /// <param name="running">Lets its loop stop to install a snapshot (as `ledger node run` does).</param>
    public static UnstartedNode Create(
        Func<NodeConfig, NodeConfig>? configure = null, Func<PeerNetwork, IConsensusOutbox>? outbox = null, RunningSnapshotInstall? running = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "unstarted-" + Guid.NewGuid().ToString("N")[..8]);
        var net = TestnetBuilder.Build(Path.Combine(root, "net"), new TestnetOptions { ChainId = "unstarted-chain", MembersPerOrganisation = 1 });
        var keys = net.NodeConfigPaths
            .Select(p => KeyFile.ImportSigningKey(File.ReadAllText(Path.Combine(Path.GetDirectoryName(p)!, PkiLayout.SigningKeyFile))))
            .ToList();
        if (configure is not null)
        {
            var path = net.NodeConfigPaths[0];
            File.WriteAllText(path, configure(NodeConfig.FromJson(File.ReadAllText(path))).ToJson());
        }

        var app = NodeHost.Build(net.NodeConfigPaths[0], new LoggerConfiguration().CreateLogger(), wrapOutbox: outbox, running: running);
        return new UnstartedNode(root, app, keys, net);
    }

    /// <summary>Validator 0's data folder.</summary>
    public string DataDirectory => Path.Combine(Path.GetDirectoryName(Net.NodeConfigPaths[0])!, NodeConfig.FromJson(File.ReadAllText(Net.NodeConfigPaths[0])).DataDir);

    /// <summary>
    /// A valid proposal of round <paramref name="height"/> + 1 whose QC certifies a block at
    /// <paramref name="height"/> (signed by a quorum of the real keys) that this node never saw:
    /// what a replica far behind hears from the others.
    /// </summary>
    public Proposal FarProposal(ulong height, long timestampMs)
    {
        var data = new VoteData(Hash32.Sha256([1, (byte)height]), height, height, Hash32.Sha256([2, (byte)height]), height - 1, Hash32.Sha256([3, (byte)height]));
        var qc = new QuorumCertificate(data, [.. Enumerable.Range(0, Validators.QuorumSize).Select(v => new SignerSignature(v, timestampMs, _keys[v].Sign(data.SigningBytes(ChainId, timestampMs))))]);
        var round = height + 1;
        var leader = Validators.LeaderOf(round);
        return new Proposal(Block.Create(ChainId, round, qc, PayloadCodec.Encode([]), timestampMs, leader, _keys[leader]), null);
    }

    /// <summary>
    /// Executes and commits <paramref name="count"/> blocks in consecutive rounds, each holding
    /// revocations with unreadable CRLs (a valid block whose receipts fail) up to about
    /// <paramref name="payloadBytes"/> (the committed chain finds them in the ledger store).
    /// </summary>
    public IReadOnlyList<Block> CommitBlocks(int count, int payloadBytes = 0)
    {
        var blocks = new List<Block>();
        for (var i = 0; i < count; i++)
        {
            var ledger = Context.Ledger;
            var round = _highQc.Round + 1;
            var leader = Validators.LeaderOf(round);
            var timestamp = Net.Genesis.GenesisTimeMs + ((long)round * 1000);
            var block = Block.Create(ChainId, round, _highQc, Payload(round, payloadBytes), timestamp, leader, _keys[leader]);
            var result = ledger.ExecutePayload(block.ParentId, block.Id, block.Height, block.TimestampMs, block.Payload);
            var data = new VoteData(block.Id, round, block.Height, block.ParentId, _highQc.Round, result.StateRoot);
            var qc = new QuorumCertificate(data, [.. Enumerable.Range(0, Validators.QuorumSize).Select(v => new SignerSignature(v, timestamp, _keys[v].Sign(data.SigningBytes(ChainId, timestamp))))]);
            Context.Store.Run(() => ledger.Commit(block.Id, CommitCertificate.From(block, [qc]).Encode()));
            _highQc = qc;
            blocks.Add(block);
        }

        return blocks;
    }

    public async ValueTask DisposeAsync()
    {
        Context.Sync.Dispose();
        Context.TransferProofs.Dispose();
        await Context.Peers.DisposeAsync();
        Context.Ledger.Dispose();
        await _app.DisposeAsync();
        foreach (var key in _keys)
        {
            key.Dispose();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A log file still held open: leave the folder.
        }
    }

    private byte[] Payload(ulong round, int bytes)
    {
        var revocations = new List<Transaction>();
        for (var filled = 4; filled < bytes; filled += 16_000)
        {
            var crl = new byte[15_800];
            BitConverter.TryWriteBytes(crl, round);
            BitConverter.TryWriteBytes(crl.AsSpan(8), revocations.Count);
            revocations.Add(new Revoke(ChainId, "org1", crl));
        }

        return PayloadCodec.Encode(revocations);
    }
}
