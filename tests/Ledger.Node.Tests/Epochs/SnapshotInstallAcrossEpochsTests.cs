using Google.Protobuf;
using Ledger.Client.Evidence;
using Ledger.Genesis;
using Ledger.Node.Configuration;
using Ledger.Node.Observability;
using Ledger.Node.Protos.Replica;
using Ledger.Node.Runtime;
using Ledger.Node.Services;
using Ledger.Node.Snapshots;
using Ledger.Node.Tests.Unit;
using Ledger.Snapshots;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ledger.Node.Tests.Epochs;

/// <summary>
/// Installing a peer's snapshot of a block in a later epoch: its evidence is signed by that
/// epoch's set, which genesis does not name, so the installer proves the set from the same peer's
/// epoch-change proofs; without them, or with a forged one, nothing is installed.
/// </summary>
public sealed class SnapshotInstallAcrossEpochsTests : IDisposable
{
    private readonly CertifiedEpochLedger _source = new();
    private readonly string _target = Path.Combine(Path.GetTempPath(), "ledger-epoch-install-" + Guid.NewGuid().ToString("N"));
    private readonly SnapshotServer _server;

    public SnapshotInstallAcrossEpochsTests()
    {
        _source.Commit();
        _source.AddOrganisation("org5", 4);
        for (int i = 0; i < 6; i++)
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

    private SnapshotInstallReport Run(ISnapshotPeer peer) =>
        new PeerSnapshotInstaller(
            [peer],
            new SnapshotOfferCheck(new EvidenceVerifier(_source.Genesis), 1L << 30),
            new SnapshotInstallOptions(_target, Path.Combine(_target, "ledger"), GenesisState.DefaultBlockId(_source.Genesis), BehindBlocks: 5, ChunkBytes: 512, SnapshotsKept: 2),
            NullLogger.Instance,
            TimeProvider.System).RunAsync(CancellationToken.None).GetAwaiter().GetResult();

    [Fact]
    public void RunAsync_SnapshotOfALaterEpochWithTheProofs_Installs()
    {
        var report = Run(new ProvingPeer(new ServedSnapshotPeer("peer", _server), _source));

        Assert.Equal(8UL, report.InstalledHeight);
        Assert.Empty(report.Refusals);
    }

    [Fact]
    public void RunAsync_SnapshotOfALaterEpochWithoutProofs_IsRefusedAsUnproven()
    {
        var report = Run(new ServedSnapshotPeer("peer", _server));

        Assert.Equal(0UL, report.InstalledHeight);
        Assert.Equal(1, report.Refusals[SnapshotRefusal.EvidenceInvalid]);
    }

    [Fact]
    public void RunAsync_ForgedProof_IsRefused()
    {
        var report = Run(new ProvingPeer(new ServedSnapshotPeer("peer", _server), _source) { Tamper = p => p with { Roster = EpochProofChain.Roster1.Encoded } });

        Assert.Equal(0UL, report.InstalledHeight);
        Assert.Equal(1, report.Refusals[SnapshotRefusal.EvidenceInvalid]);
    }

    /// <summary>A served snapshot peer that also answers GetEpochProofs from the source's store.</summary>
    private sealed class ProvingPeer(ServedSnapshotPeer inner, CertifiedEpochLedger source) : ISnapshotPeer
    {
        public Func<EpochChangeProof, EpochChangeProof> Tamper { get; init; } = p => p;

        public string Name => inner.Name;

        public Task<SnapshotOffer> OfferAsync(CancellationToken ct) => inner.OfferAsync(ct);

        public Task<SnapshotChunk> ChunkAsync(SnapshotChunkRequest request, CancellationToken ct) => inner.ChunkAsync(request, ct);

        public Task<EpochProofs> EpochProofsAsync(ulong fromEpoch, CancellationToken ct)
        {
            EpochProofPage page = new EpochProofSource(source.Engine, new LedgerStoreGate()).Read(fromEpoch, 16, 1 << 20);
            var answer = new EpochProofs { CurrentEpoch = page.CurrentEpoch };
            answer.Proofs.AddRange(page.Proofs.Select(p => ByteString.CopyFrom(Tamper(p).Encode())));
            return Task.FromResult(answer);
        }
    }
}
