using Google.Protobuf;
using Ledger.Client.Evidence;
using Ledger.Crypto;
using Ledger.Genesis;
using Ledger.Node.Configuration;
using Ledger.Node.Observability;
using Ledger.Node.Runtime;
using Ledger.Node.Snapshots;
using Ledger.Snapshots;
using Ledger.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ledger.Node.Tests.Unit;

/// <summary>
/// Installing a snapshot from peers: an honest peer's snapshot is installed and the ledger opens
/// at its height; every way a peer can lie or break (evidence from non-validators or for another
/// height, an offer the evidence does not certify, oversize, truncated, wrong bytes, a valid
/// snapshot of another block) is refused, installs nothing, and the next peer is tried.
/// </summary>
public sealed class PeerSnapshotInstallerTests : IDisposable
{
    private const int SnapshotHeight = 12;
    private readonly CertifiedLedger _source = new();
    private readonly string _target = Path.Combine(Path.GetTempPath(), "ledger-peer-install-" + Guid.NewGuid().ToString("N"));
    private readonly SnapshotServer _server;

    public PeerSnapshotInstallerTests()
    {
        for (int i = 0; i < 6; i++)
        {
            _source.Commit(_source.Chain.Transfer(i % 4, (i + 1) % 4, 1, _source.Chain.GenesisTimeMs + ((i + 1) * 1_000)));
        }

        _source.Engine.WriteSnapshot(_source.Directory, kept: 2);
        for (int i = 6; i < SnapshotHeight; i++)
        {
            _source.Commit();
        }

        _source.Engine.WriteSnapshot(_source.Directory, kept: 2);
        _server = new SnapshotServer(_source.Engine, new LedgerStoreGate(), new NodeLimitsConfig(), new NodeMetrics());
        Directory.CreateDirectory(_target);
    }

    public void Dispose()
    {
        _server.Dispose();
        _source.Dispose();
        if (Directory.Exists(_target))
        {
            Directory.Delete(_target, true);
        }
    }

    private string StoreDirectory => Path.Combine(_target, "ledger");

    private Hash32 GenesisId => GenesisState.DefaultBlockId(_source.Genesis);

    private ServedSnapshotPeer Honest(string name = "honest") => new(name, _server);

    private SnapshotInstallReport Run(IReadOnlyList<ISnapshotPeer> peers, GenesisDocument? genesis = null, long maxBytes = 1L << 30, ulong storeHead = 0) =>
        new PeerSnapshotInstaller(
            peers,
            new SnapshotOfferCheck(new EvidenceVerifier(genesis ?? _source.Genesis), maxBytes),
            new SnapshotInstallOptions(_target, StoreDirectory, GenesisId, BehindBlocks: 5, ChunkBytes: 512, SnapshotsKept: 2),
            NullLogger.Instance,
            TimeProvider.System).RunAsync(storeHead, CancellationToken.None).GetAwaiter().GetResult();

    // The target store's own blocks 1..height (the source chain's first blocks' transfers; the
    // certificates are placeholders, the install does not read them).
    private void CommitTargetUpTo(ulong height)
    {
        using LedgerEngine engine = LedgerEngine.Open(StoreDirectory, _source.Genesis);
        for (ulong h = 1; h <= height; h++)
        {
            long at = _source.Chain.GenesisTimeMs + ((long)h * 1_000);
            var id = Hash32.Sha256(BitConverter.GetBytes(h));
            engine.Execute(engine.Committed.BlockId, id, h, at, [_source.Chain.Transfer((int)(h % 4), (int)((h + 1) % 4), 1, at)]);
            engine.Commit(id, [0xc0]);
        }
    }

    [Fact]
    public void RunAsync_StoreFarBehind_ReplacesItsBlocksWithTheVerifiedSnapshot()
    {
        CommitTargetUpTo(2);

        var report = Run([Honest()], storeHead: 2);

        Assert.Equal((ulong)SnapshotHeight, report.InstalledHeight);
        using LedgerEngine engine = LedgerEngine.Open(StoreDirectory, _source.Genesis);
        Assert.Equal((ulong)SnapshotHeight, engine.Committed.Height);
        Assert.Equal(_source.Engine.Committed.StateRoot, engine.Committed.StateRoot);
        Assert.Equal((ulong)SnapshotHeight + 1, engine.FirstHeight);
        Assert.Throws<Ledger.Storage.BlockNotStoredException>(() => engine.GetBlock(2));
    }

    [Fact]
    public void RunAsync_StoreBehindByNoMoreThanTheThreshold_KeepsItsBlocks()
    {
        // 12 - 7 = 5 blocks behind, not more than BehindBlocks (5): block sync is cheaper.
        CommitTargetUpTo(7);
        var peer = Honest();

        var report = Run([peer], storeHead: 7);

        Assert.Equal(0UL, report.InstalledHeight);
        Assert.Equal(0, peer.ChunksAsked);
        using LedgerEngine engine = LedgerEngine.Open(StoreDirectory, _source.Genesis);
        Assert.Equal(7UL, engine.Committed.Height);
        Assert.Equal(1UL, engine.FirstHeight);
    }

    private ulong InstalledHead()
    {
        using LedgerEngine engine = LedgerEngine.Open(StoreDirectory, _source.Genesis);
        return engine.Committed.Height;
    }

    [Fact]
    public void RunAsync_HonestPeer_InstallsTheNewestSnapshotAndTheLedgerOpensThere()
    {
        var peer = Honest();
        var report = Run([peer]);

        Assert.Equal((ulong)SnapshotHeight, report.InstalledHeight);
        Assert.True(peer.ChunksAsked > 1, "the snapshot should take several 512-byte chunks");
        Assert.Empty(report.Refusals);
        using LedgerEngine engine = LedgerEngine.Open(StoreDirectory, _source.Genesis);
        Assert.Equal((ulong)SnapshotHeight, engine.Committed.Height);
        Assert.Equal(_source.Engine.Committed.StateRoot, engine.Committed.StateRoot);
        Assert.Equal((ulong)SnapshotHeight + 1, engine.FirstHeight);
        Assert.Equal(_source.Engine.CertificateAt(SnapshotHeight), engine.CertificateAt(SnapshotHeight));
        Assert.False(File.Exists(Path.Combine(_target, PeerSnapshotInstaller.DownloadFileName)));
    }

    [Fact]
    public void RunAsync_EvidenceSignedByNonValidators_RefusedBeforeDownloading()
    {
        // A genesis whose validators are four other keys: the QCs' signers are not among them.
        var others = _source.Genesis with
        {
            Validators = [.. TestKeys.ValidatorPublicKeys(8).Skip(4).Select((key, i) => _source.Genesis.Validators[i] with { PublicKey = key.ToHex() })],
        };
        var peer = Honest();

        var report = Run([peer], others);

        Assert.Equal(0UL, report.InstalledHeight);
        Assert.Equal(1, report.Refusals[SnapshotRefusal.EvidenceInvalid]);
        Assert.Equal(0, peer.ChunksAsked);
        Assert.Equal(0UL, InstalledHead());
    }

    [Fact]
    public void RunAsync_EvidenceForAnotherHeight_Refused()
    {
        var liar = new ServedSnapshotPeer("liar", _server) { TamperOffer = o => { o.Height = SnapshotHeight - 1; return o; } };

        var report = Run([liar]);

        Assert.Equal(0UL, report.InstalledHeight);
        Assert.Equal(1, report.Refusals[SnapshotRefusal.EvidenceInvalid]);
        Assert.Equal(0, liar.ChunksAsked);
    }

    [Fact]
    public void RunAsync_OfferedRootNotTheCertifiedOne_RefusedAndTheNextPeerInstalls()
    {
        var liar = new ServedSnapshotPeer("liar", _server) { TamperOffer = o => { o.StateRoot = ByteString.CopyFrom(Hash32.Sha256("other"u8).ToArray()); return o; } };

        var report = Run([liar, Honest()]);

        Assert.Equal(1, report.Refusals[SnapshotRefusal.EvidenceMismatch]);
        Assert.Equal(0, liar.ChunksAsked);
        Assert.Equal((ulong)SnapshotHeight, report.InstalledHeight);
    }

    [Fact]
    public void RunAsync_OfferAboveTheSizeLimit_RefusedBeforeAnyChunk()
    {
        var peer = Honest();

        var report = Run([peer], maxBytes: 100);

        Assert.Equal(1, report.Refusals[SnapshotRefusal.TooLarge]);
        Assert.Equal(0, peer.ChunksAsked);
        Assert.Equal(0UL, InstalledHead());
    }

    [Fact]
    public void RunAsync_PeerStopsShort_TruncatedAndTheNextPeerInstalls()
    {
        var broken = new ServedSnapshotPeer("broken", _server) { TamperChunk = (request, data) => request.Offset >= 1024 ? [] : data };

        var report = Run([broken, Honest()]);

        Assert.Equal(1, report.Refusals[SnapshotRefusal.Truncated]);
        Assert.Equal((ulong)SnapshotHeight, report.InstalledHeight);
    }

    [Fact]
    public void RunAsync_PeerSendsMoreThanAsked_RefusedAsTooLarge()
    {
        var flooding = new ServedSnapshotPeer("flooding", _server) { TamperChunk = (_, data) => [.. data, 0] };

        var report = Run([flooding]);

        Assert.Equal(1, report.Refusals[SnapshotRefusal.TooLarge]);
        Assert.Equal(0UL, InstalledHead());
    }

    [Fact]
    public void RunAsync_BytesNotTheOfferedChecksum_RefusedAndTheNextPeerInstalls()
    {
        var corrupt = new ServedSnapshotPeer("corrupt", _server)
        {
            TamperChunk = (request, data) =>
            {
                if (request.Offset == 0)
                {
                    data[^1] ^= 0x01;
                }

                return data;
            },
        };

        var report = Run([corrupt, Honest()]);

        Assert.Equal(1, report.Refusals[SnapshotRefusal.ChecksumMismatch]);
        Assert.Equal((ulong)SnapshotHeight, report.InstalledHeight);
        Assert.Equal((ulong)SnapshotHeight, InstalledHead());
    }

    [Fact]
    public void RunAsync_ValidSnapshotOfAnotherBlock_RefusedAsRootMismatch()
    {
        // The peer offers height 12 with its genuine evidence but serves the (valid, whole,
        // self-consistent) snapshot of height 6, with that file's size and checksum.
        byte[] older = File.ReadAllBytes(_source.Engine.Snapshots.Store.PathOf(6));
        var swapping = new ServedSnapshotPeer("swapping", _server)
        {
            TamperOffer = o =>
            {
                o.Size = (ulong)older.Length;
                o.Checksum = ByteString.CopyFrom(System.Security.Cryptography.SHA256.HashData(older));
                return o;
            },
            TamperChunk = (request, _) => older.AsSpan((int)request.Offset, (int)Math.Min(request.Length, (ulong)older.Length - request.Offset)).ToArray(),
        };

        var report = Run([swapping]);

        Assert.Equal(1, report.Refusals[SnapshotRefusal.RootMismatch]);
        Assert.Equal(0UL, InstalledHead());
    }

    [Fact]
    public void RunAsync_NoOfferFarEnoughAhead_InstallsNothing()
    {
        var peer = new ServedSnapshotPeer("near", _server) { TamperOffer = _ => new Protos.Replica.SnapshotOffer() };

        var report = Run([peer]);

        Assert.Equal(0UL, report.InstalledHeight);
        Assert.Empty(report.Refusals);
    }

    [Fact]
    public async Task Chunk_LongerThanTheLimit_RefusedAndCounted()
    {
        var metrics = new NodeMetrics();
        using var server = new SnapshotServer(_source.Engine, new LedgerStoreGate(), new NodeLimitsConfig { SnapshotChunkBytes = 256 }, metrics);

        Assert.Throws<ArgumentOutOfRangeException>(() => server.Chunk(SnapshotHeight, 0, 257));
        Assert.Equal(256, server.Chunk(SnapshotHeight, 0, 256)!.Length);
        Assert.Null(server.Chunk(SnapshotHeight + 1, 0, 256));
        using var scrape = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(scrape);
        string text = System.Text.Encoding.UTF8.GetString(scrape.ToArray());
        Assert.Contains("ledger_snapshot_requests_refused_total{limit=\"snapshotChunkBytes\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("ledger_snapshot_bytes_served_total 256", text, StringComparison.Ordinal);
    }

    [Fact]
    public void CommittedBlocksAt_InstalledStore_AnswersTheBaseFromItsCertificateAndNullBelow()
    {
        Run([Honest()]);
        using LedgerEngine engine = LedgerEngine.Open(StoreDirectory, _source.Genesis);
        var blocks = new CommittedBlocks(engine, new LedgerStoreGate(), TestKit.Chains.TestChain.ChainId);

        Assert.Equal((ulong)SnapshotHeight, blocks.BaseHeight);
        var root = blocks.At(SnapshotHeight);
        Assert.NotNull(root);
        Assert.Equal(engine.Committed.BlockId, root.Value.Block.Id);
        Assert.Equal(root.Value.Block.Id, root.Value.Qc.BlockId);
        Assert.Null(blocks.At(SnapshotHeight - 1));
    }
}
