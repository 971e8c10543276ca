using Ledger.Node.Configuration;

namespace Ledger.Node.Tests.Unit;

public sealed class NodeConfigValidatorTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "config-" + Guid.NewGuid().ToString("N"));

    public NodeConfigValidatorTests()
    {
        Directory.CreateDirectory(_directory);
        foreach (var file in new[] { "genesis.json", "signing.key.pem", "tls.crt.pem", "tls.key.pem" })
        {
            File.WriteAllText(Path.Combine(_directory, file), "x");
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Validate_CompleteConfig_NoErrors()
    {
        Assert.Empty(NodeConfigValidator.Validate(Valid(), _directory));
    }

    [Fact]
    public void Validate_EveryProblem_ListedOnce()
    {
        var config = Valid() with
        {
            TlsKeyPath = "missing.pem",
            ClientEndpoint = "127.0.0.1:7100",
            MetricsEndpoint = "127.0.0.1:99999",
            Peers = [new PeerConfig { Name = "org1-v1", Endpoint = "127.0.0.1:7110" }, new PeerConfig { Name = "org2-v1", Endpoint = "nowhere" }],
            Timing = new ConsensusTimingConfig { BaseRoundTimeoutMs = 5, MempoolCapacity = 0 },
        };

        var errors = NodeConfigValidator.Validate(config, _directory);

        Assert.Contains(errors, e => e.StartsWith("tlsKeyPath: file", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("already used by peerEndpoint", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("metricsEndpoint", StringComparison.Ordinal));
        Assert.Contains(errors, e => e == "peer 'org1-v1' is this node itself");
        Assert.Contains(errors, e => e.Contains("'nowhere' is not host:port", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("timing.baseRoundTimeoutMs", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("timing.mempoolCapacity", StringComparison.Ordinal));
        var thrown = Assert.Throws<NodeConfigException>(() => NodeConfigValidator.ThrowIfInvalid(config, _directory));
        Assert.Equal(errors, thrown.Errors);
    }

    [Fact]
    public void Validate_DegradedThresholdWithinAHeartbeat_Refused()
    {
        var timing = new ConsensusTimingConfig { BaseRoundTimeoutMs = 1000, HeartbeatMs = 5000, DegradedAfterMs = 6000 };

        var errors = NodeConfigValidator.Validate(Valid() with { Timing = timing }, _directory);

        Assert.Equal(["timing.degradedAfterMs (6000) must exceed heartbeatMs + baseRoundTimeoutMs (6000), or an idle network reads as degraded"], errors);
        Assert.Empty(NodeConfigValidator.Validate(Valid() with { Timing = timing with { DegradedAfterMs = 6001 } }, _directory));
    }

    [Fact]
    public void Validate_DuplicatePeer_Refused()
    {
        var peer = new PeerConfig { Name = "org2-v1", Endpoint = "127.0.0.1:7110" };

        var errors = NodeConfigValidator.Validate(Valid() with { Peers = [peer, peer] }, _directory);

        Assert.Equal(["peer 'org2-v1' is listed twice"], errors);
    }
    [Fact]
    public void Validate_LimitsOutOfRange_EachNamed()
    {
        var config = Valid() with
        {
            Limits = new NodeLimitsConfig
            {
                InboxCapacity = 0,
                SyncMaxBlocks = 257,
                SyncMaxReplyBytes = 64 * 1024 * 1024,
                MempoolCapacity = 10,
                MempoolPerSender = 11,
                CommitSubscribers = -1,
                EquivocationsPerOffender = 0,
            },
        };

        var errors = NodeConfigValidator.Validate(config, _directory);

        Assert.Equal(
            ["limits.inboxCapacity", "limits.commitSubscribers", "limits.syncMaxBlocks", "limits.syncMaxReplyBytes", "limits.mempoolPerSender", "limits.equivocationsPerOffender"],
            errors.Select(e => e.Split(' ')[0]));
    }

    [Fact]
    public void Validate_StorageOutOfRange_EachNamed()
    {
        var errors = NodeConfigValidator.Validate(Valid() with { Storage = new NodeStorageConfig { SnapshotEveryBlocks = -1, SnapshotsKept = 0 } }, _directory);

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Contains("storage.snapshotEveryBlocks", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("storage.snapshotsKept", StringComparison.Ordinal));
        Assert.Empty(NodeConfigValidator.Validate(Valid() with { Storage = new NodeStorageConfig { SnapshotEveryBlocks = 0, SnapshotsKept = 1 } }, _directory));
    }

    [Theory]
    [InlineData(100, 1_000, 2_000, "must be 0 or at least 2000")]
    [InlineData(10, 1_000, 0, "must be 0 or at least 64")]
    [InlineData(5_000, 0, 2_000, "snapshots are off")]
    [InlineData(-1, 1_000, 2_000, "must be 0 (keep every block) or positive")]
    public void Validate_KeepBlocksBelowWhatTheNodeNeeds_RefusedWithTheReason(int keepBlocks, int snapshotEvery, int installBehind, string reason)
    {
        var storage = new NodeStorageConfig { KeepBlocks = keepBlocks, SnapshotEveryBlocks = snapshotEvery, InstallSnapshotBehindBlocks = installBehind };

        string error = Assert.Single(NodeConfigValidator.Validate(Valid() with { Storage = storage }, _directory));

        Assert.StartsWith("storage.keepBlocks", error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_KeepBlocksAtTheInstallThresholdOrZero_Accepted()
    {
        Assert.Empty(NodeConfigValidator.Validate(Valid() with { Storage = new NodeStorageConfig { KeepBlocks = 2_000 } }, _directory));
        Assert.Empty(NodeConfigValidator.Validate(Valid() with { Storage = new NodeStorageConfig { KeepBlocks = 0, SnapshotEveryBlocks = 0 } }, _directory));
        Assert.Contains("storage.blockSegmentBytes must be at least 4096", Assert.Single(NodeConfigValidator.Validate(Valid() with { Storage = new NodeStorageConfig { BlockSegmentBytes = 100 } }, _directory)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(999, null, "limits.verifierQueueItems must be at least 1000")]
    [InlineData(1_000, 0, "limits.verifierThreads must be in 1..256")]
    [InlineData(1_000, 257, "limits.verifierThreads must be in 1..256")]
    public void Validate_VerifierLimitsOutOfRange_RefusedWithTheLimit(int queue, int? threads, string error)
    {
        var limits = new NodeLimitsConfig { VerifierQueueItems = queue, VerifierThreads = threads };

        Assert.StartsWith(error, Assert.Single(NodeConfigValidator.Validate(Valid() with { Limits = limits }, _directory)), StringComparison.Ordinal);
        Assert.Empty(NodeConfigValidator.Validate(Valid() with { Limits = new NodeLimitsConfig { VerifierQueueItems = 1_000, VerifierThreads = 1 } }, _directory));
    }

    [Fact]
    public void Validate_SyncReplyBytesBelowOneLargestBlock_Refused()
    {
        var errors = NodeConfigValidator.Validate(Valid() with { Limits = new NodeLimitsConfig { SyncMaxReplyBytes = 4 * 1024 * 1024 } }, _directory);

        Assert.StartsWith("limits.syncMaxReplyBytes must be in ", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DefaultSyncReplyBytes_FitWhatEveryPeerReceives()
    {
        var limits = new NodeLimitsConfig();

        Assert.InRange(limits.SyncMaxReplyBytes, NodeLimitsValidator.MinSyncReplyBytes, NodeLimitsValidator.MaxSyncReplyBytes);
        Assert.True(NodeLimitsValidator.MaxSyncReplyBytes < Hosting.NodeHost.MaxPeerMessageBytes);
    }

    [Fact]
    public void Validate_LegacyTimingMempoolCapacity_HonouredOnlyWhenItAgreesWithTheLimit()
    {
        var agreeing = Valid() with { Timing = new ConsensusTimingConfig { MempoolCapacity = 50_000 } };
        var differing = Valid() with { Timing = new ConsensusTimingConfig { MempoolCapacity = 1_000 } };

        Assert.Empty(NodeConfigValidator.Validate(agreeing, _directory));
        Assert.StartsWith("timing.mempoolCapacity (1000) moved to limits.mempoolCapacity", Assert.Single(NodeConfigValidator.Validate(differing, _directory)), StringComparison.Ordinal);
    }

    private static NodeConfig Valid() => new()
    {
        Name = "org1-v1",
        GenesisPath = "genesis.json",
        DataDir = "data",
        SigningKeyPath = "signing.key.pem",
        TlsCertificatePath = "tls.crt.pem",
        TlsKeyPath = "tls.key.pem",
        PeerEndpoint = "127.0.0.1:7100",
        ClientEndpoint = "127.0.0.1:7101",
        MetricsEndpoint = "127.0.0.1:7102",
        Peers = [new PeerConfig { Name = "org2-v1", Endpoint = "127.0.0.1:7110" }],
    };
}
