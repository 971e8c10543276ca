using System.Net;
using System.Reflection;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using Ledger.Client.Evidence;
using Ledger.Consensus;
using Ledger.Consensus.Codec;
using Ledger.Consensus.Core;
using Ledger.Consensus.Messages;
using Ledger.Consensus.Verification;
using Ledger.Crypto;
using Ledger.Crypto.Keys;
using Ledger.Crypto.Pki;
using Ledger.Execution;
using Ledger.Genesis;
using Ledger.Membership;
using Ledger.Node.Configuration;
using Ledger.Node.Mempool;
using Ledger.Node.Modes;
using Ledger.Node.Network;
using Ledger.Node.Observability;
using Ledger.Node.Runtime;
using Ledger.Node.Security;
using Ledger.Node.Services;
using Ledger.Node.Snapshots;
using Ledger.State;
using Ledger.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Prometheus;
using Serilog.Extensions.Logging;

namespace Ledger.Node.Hosting;

/// <summary>
/// Builds a runnable validator from a node.json: loads and checks every input first (so a bad
/// file fails before a port opens), then Kestrel with the mutual-TLS peer endpoint, the TLS
/// client endpoint and the plain-HTTP metrics endpoint.
/// </summary>
public static class NodeHost
{
    /// <summary>Largest replica message accepted (a full block of maximum-size transactions fits).</summary>
    public const int MaxPeerMessageBytes = 48 * 1024 * 1024;

    /// <summary>Largest client request; transfers are far smaller.</summary>
    public const int MaxClientMessageBytes = 256 * 1024;

    /// <summary>The folder inside the data directory that holds the ledger store.</summary>
    public const string LedgerFolder = "ledger";

    /// <summary>
    /// Builds the node. Its data directory is locked for this process first (a second node on it
    /// gets a <see cref="DirectoryLockedException"/> naming the holder, before anything is read or
    /// written there: two replicas sharing one safety record could sign twice); the lock, the
    /// ledger and the keys are released when the host stops, or at once if building fails.
    /// <paramref name="wrapOutbox"/>, given only by code that hosts a node itself (the chaos tool's
    /// Byzantine validator host, never `ledger node run`, never a configuration file), wraps the
    /// path the core's proposals, votes and timeouts leave by. <paramref name="clientSignatures"/>,
    /// likewise given only by a host of its own (the benchmark's `none` validator host, never
    /// `ledger node run`, never a configuration file), replaces the Ed25519 check of client
    /// signatures in admission and block execution. <paramref name="running"/>, given by `ledger
    /// node run` (<see cref="NodeRun.UntilStoppedAsync(WebApplication, CancellationToken, Func{WebApplication}?, RunningSnapshotInstall?)"/>),
    /// lets the running loop stop to install a snapshot when it falls far behind; the host then
    /// stops and the caller builds the node again with the same object.
    /// </summary>
    public static WebApplication Build(
        string configPath, Serilog.ILogger? logger = null, TimeProvider? time = null, Func<PeerNetwork, IConsensusOutbox>? wrapOutbox = null, IClientSignatureCheck? clientSignatures = null,
        RunningSnapshotInstall? running = null)
    {
        var (config, directory) = LoadConfig(configPath);
        var dataDirectory = NodeConfigValidator.Resolve(directory, config.DataDir);
        var owned = new List<IDisposable> { DirectoryLock.Acquire(dataDirectory, $"node {config.Name}") };
        try
        {
            return Build(config, directory, dataDirectory, owned, logger, time ?? TimeProvider.System, wrapOutbox, clientSignatures, running);
        }
        catch
        {
            foreach (var resource in Enumerable.Reverse(owned))
            {
                resource.Dispose();
            }

            throw;
        }
    }

    // Everything opened here that holds a file, a key or a thread joins `owned`, which the host disposes
    // (in reverse order) when it stops.
    private static WebApplication Build(
        NodeConfig config, string directory, string dataDirectory, List<IDisposable> owned, Serilog.ILogger? logger, TimeProvider time, Func<PeerNetwork, IConsensusOutbox>? wrapOutbox, IClientSignatureCheck? clientSignatures,
        RunningSnapshotInstall? running)
    {
        logger ??= NodeLogging.Create(config, directory);
        var loggerFactory = new SerilogLoggerFactory(logger);
        var genesis = LoadGenesis(config, directory);
        var signingKey = LoadSigningKey(config, directory);
        owned.Add(signingKey);
        var metrics = new NodeMetrics();
        var safety = new SafetyStore(dataDirectory, metrics.DurabilityFor("safety"), signingKey.PublicKey.ToArray());
        var runtimeLogger = loggerFactory.CreateLogger("Ledger.Node");

        // Genesis's set until the ledger is open; then the committed state's epoch and roster.
        var committee = new Committee(genesis);
        var genesisRoot = GenesisState.Build(genesis, MembershipAuthority.FromGenesis(genesis)).Root;
        var limits = config.Limits;

        // Until the ledger is open (a snapshot may be installed first), peers' certificates are
        // judged by the CRL files alone: the committed state is not known yet.
        LedgerEngine? opened = null;
        LedgerState? committedState() => opened?.Committed.State;
        var revocations = new RevocationSource(
            config.CrlPaths.Select(p => NodeConfigValidator.Resolve(directory, p)).ToList(),
            genesis.Organisations.Select(o => PkiPem.ParseCertificate(o.CaCertificatePem)),
            () => RevocationList.Empty);

        // Committed Revoke transactions count as much as CRL files; the authenticator re-checks a
        // peer's certificate whenever the committed certificates root moves (a Revoke or an Enroll
        // commits), so a revocation bites at once. Stamping with the whole committed view instead
        // re-validated every peer's certificate chain on every call after every commit.
        var policy = new RosterPeerCertificatePolicy(
            committee,
            revocations.Current,
            revoked => committedState()?.IsCertificateRevoked(CertificateIds.Of(revoked.Organisation, revoked.SerialHex)) == true);

        // The TLS certificate is re-read when its files change; the peers' check decides whether a new one is taken.
        var tls = new TlsCertificateSource(
            NodeConfigValidator.Resolve(directory, config.TlsCertificatePath), NodeConfigValidator.Resolve(directory, config.TlsKeyPath), passphrase: null,
            policy, config.Name, time, loggerFactory.CreateLogger("Ledger.Node.Certificates"));
        owned.Add(tls);
        var peerEndpoint = HostPort.Parse(config.PeerEndpoint);
        var refusals = new PeerRefusals(runtimeLogger, metrics.PeerRefused, time);
        var channels = new PeerChannelFactory(() => tls.Current, policy, time, MaxPeerMessageBytes, refusals);
        var peers = new PeerNetwork(config.Peers, channels, limits.PeerQueueCapacity, runtimeLogger, metrics.OutboundDropped, time);
        metrics.CountPeersOnCurrentTlsWith(() => channels.PresentedTo(tls.Current));

        var ledgerDirectory = Path.Combine(dataDirectory, LedgerFolder);
        var genesisBlockId = QuorumCertificate.GenesisBlockId(genesis.ChainId, genesisRoot);
        var installed = InstallSnapshotIfFarBehind(config, genesis, dataDirectory, ledgerDirectory, genesisBlockId, peers, time, loggerFactory.CreateLogger("Ledger.Node.Snapshots"));
        metrics.ReportInstall(installed);
        if (running is not null)
        {
            // After a restart the running loop asked for, this start's install is that request's answer.
            running.Finished(installed.InstalledHeight, time.GetUtcNow());
            metrics.ReportRunningInstalls(running);
        }

        var ledger = LedgerEngine.Open(
            ledgerDirectory,
            genesis,
            new LedgerEngineOptions
            {
                GenesisBlockId = genesisBlockId,
                SnapshotEveryBlocks = config.Storage.SnapshotEveryBlocks,
                SnapshotsKept = config.Storage.SnapshotsKept,
                KeepBlocks = config.Storage.KeepBlocks,
                BlockSegmentBytes = config.Storage.BlockSegmentBytes,
                ClientSignatures = clientSignatures,
                Durability = metrics.DurabilityFor("ledger"),
            },
            loggerFactory.CreateLogger("Ledger"));
        owned.Add(ledger);
        opened = ledger;
        FollowLedgerEpoch(committee, ledger, config.Name, signingKey);
        metrics.SetEpoch(committee.Epoch);
        var signatures = new NodeSignatureVerifier(NodeSignatureVerifier.GenerationSizeFor(committee.Validators.Count), metrics.ConsensusSignatureChecked);
        var core = CreateCore(config, genesis, committee, signingKey, genesisRoot, ledger, safety, signatures, runtimeLogger);

        // Re-checked when a Revoke or Enroll commits (certificates root) or the validator set changes (its root).
        var authenticator = new PeerAuthenticator(policy, time, peerEndpoint.Port, () => (ledger.Committed.State.Header.CertificatesRoot, ledger.Committed.State.Header.ValidatorsRoot), refusals);
        var mode = new NodeModeTracker(TimeSpan.FromMilliseconds(config.Timing.DegradedAfterMs), time.GetUtcNow(), ledger.Committed.Height);
        metrics.CountPeersWith(() => peers.Links.Count(l => l.Connected));
        metrics.ReportSnapshotsOf(ledger);
        var store = new LedgerStoreGate();
        var recentCommits = new RecentCommits(ledger.Committed.State.TimestampMs, 2 * (ledger.Rules.ReplayWindowMs + ledger.Rules.MaxClockSkewMs));
        // Admission's signature checks, off the thread pool that consensus, timers and sends run on.
        var verifiers = new SignatureVerifierPool(
            limits.VerifierThreads ?? Environment.ProcessorCount, limits.VerifierQueueItems, loggerFactory.CreateLogger("Ledger.Node.Verifiers"));
        owned.Add(verifiers);
        metrics.ObserveVerifiers(verifiers);
        var mempool = new TransactionPool(new LedgerAdmission(ledger, recentCommits, verifiers), limits.MempoolCapacity, TimeSpan.FromMilliseconds(config.Timing.BaseRoundTimeoutMs * 3L), limits.MempoolPerSender);
        mempool.BatchVerified += metrics.ObserveVerification;
        mempool.LimitReached += status => metrics.LimitRefused(status switch
        {
            SubmitStatus.SenderQuotaExceeded => LimitNames.MempoolPerSender,
            SubmitStatus.VerifiersBusy => LimitNames.VerifierQueueItems,
            _ => LimitNames.MempoolCapacity,
        });
        var feed = new CommitFeed(limits.CommitSubscribers, limits.CommitSubscriberBuffer);
        feed.SubscriberLagged += () => metrics.LimitRefused(LimitNames.CommitSubscriberBuffer);
        var equivocations = new EquivocationLog(dataDirectory, genesis.ChainId, limits.EquivocationRecords, limits.EquivocationsPerOffender, metrics.DurabilityFor("equivocations"));
        // The same two sources for consensus signing certificates, read into one flag per validator.
        var signingRevocations = new SigningCertificateRevocations(
            committee, id => ledger.Committed.State.IsCertificateRevoked(id), revocations.Current, () => ledger.Committed, time);
        var signers = new RevokedSignerGate(signingRevocations, committee, () => committee.IndexOf(config.Name), mode, metrics, time, runtimeLogger);
        var loop = new ReplicaLoop(
            new LoopParts(core, ledger, store, committee, config.Name, genesis.ChainId, dataDirectory, mempool, peers, safety, mode, metrics, feed, equivocations, time, runtimeLogger, recentCommits, wrapOutbox?.Invoke(peers), signers, running),
            new LoopLimits(
                InboxCapacity: limits.InboxCapacity,
                MaxBlockTransactions: genesis.Parameters.MaxBlockTransactions,
                MaxPayloadBytes: ConsensusMaxPayloadBytes,
                SyncTimeout: TimeSpan.FromMilliseconds(limits.SyncTimeoutMs),
                InstallBehindBlocks: (ulong)config.Storage.InstallSnapshotBehindBlocks));
        metrics.SetCommittedHeight(ledger.Committed.Height);
        var sync = new SyncServer(loop, limits, metrics);
        owned.Add(sync);
        var snapshotServer = new SnapshotServer(ledger, store, limits, metrics);
        owned.Add(snapshotServer);
        var proofs = new TransferProofs(ledger, store, limits.TransferProofsInFlight, metrics);
        owned.Add(proofs);
        // The node's TLS certificate (as loaded now), its signing certificate and its organisation's
        // CA as the current epoch's roster lists them (none while it is no validator); checked again
        // when the epoch changes, so a certificate a change brought in is warned about at once.
        var rosterCertificates = new RosterOwnCertificates(committee, config.Name);
        var certificates = new CertificateExpiryMonitor(() => [OwnCertificate.Of(OwnCertificate.Tls, tls.Current), .. rosterCertificates.Current],
            config.CertificateExpiryWarningDays, time, loggerFactory.CreateLogger("Ledger.Node.Certificates"));
        committee.Changed += _ => certificates.Check();
        owned.Add(certificates);
        metrics.ObserveCertificatesWith(() => certificates.Certificates.Select(c => (c.Kind, c.DaysLeft(certificates.Now))));
        var node = new NodeContext(config.Name, genesis.ChainId, loop, ledger, store, mempool, peers, mode, metrics, feed, equivocations, authenticator, time, genesis.Parameters.MaxTransactionBytes)
        {
            Limits = limits,
            Sync = sync,
            Snapshots = snapshotServer,
            TransferProofs = proofs,
            History = new AccountHistory(ledger, store, limits.HistoryScanBlocks, limits.HistoryScanBytes),
            Version = BuildVersion(),
            ClientEndpoint = config.ClientEndpoint,
            MetricsEndpoint = config.MetricsEndpoint ?? string.Empty,
            PeerEndpoint = config.PeerEndpoint,
            Certificates = certificates,
        };

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = dataDirectory, Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new SerilogLoggerProvider(logger, dispose: false));
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxPeerMessageBytes + 1024;
            Listen(kestrel, peerEndpoint, HttpProtocols.Http2, https =>
            {
                https.ServerCertificateSelector = (_, _) => tls.Current;
                https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                https.CheckCertificateRevocation = false;
                https.ClientCertificateValidation = (certificate, _, _) => authenticator.AdmitsHandshake(certificate, "a peer connecting to the peer endpoint");
            });
            Listen(kestrel, HostPort.Parse(config.ClientEndpoint), HttpProtocols.Http2, https => https.ServerCertificateSelector = (_, _) => tls.Current);
            if (config.MetricsEndpoint is { } metricsEndpoint)
            {
                Listen(kestrel, HostPort.Parse(metricsEndpoint), HttpProtocols.Http1, configureHttps: null);
            }
        });
        builder.Services.AddSingleton(node);
        builder.Services.AddSingleton(new HealthServiceImpl());
        builder.Services.AddGrpc(o =>
        {
            o.Interceptors.Add<NotStoredInterceptor>();
            o.MaxReceiveMessageSize = MaxClientMessageBytes;
            o.MaxSendMessageSize = MaxPeerMessageBytes;
        }).AddServiceOptions<ReplicaService>(o => o.MaxReceiveMessageSize = MaxPeerMessageBytes);
        builder.Services.AddGrpcReflection();
        builder.Services.AddHostedService(services => new NodeRuntimeService(node, peers, [.. Enumerable.Reverse(owned)], runtimeLogger, services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>()));

        var app = builder.Build();

        // Each endpoint serves its own services, chosen by the port the connection came in on.
        // Not by the Host header (RequireHost): a peer or a wallet that reaches this node through
        // a proxy on another address or port sends that address, and was answered "unimplemented".
        ServeOnPort(app, peerEndpoint.Port, endpoints => endpoints.MapGrpcService<ReplicaService>());
        ServeOnPort(app, HostPort.Parse(config.ClientEndpoint).Port, endpoints =>
        {
            endpoints.MapGrpcService<ClientApiService>();
            endpoints.MapGrpcService<HealthServiceImpl>();
            endpoints.MapGrpcReflectionService();
        });
        if (config.MetricsEndpoint is { } metricsAt)
        {
            ServeOnPort(app, HostPort.Parse(metricsAt).Port, endpoints => endpoints.MapMetrics("/metrics", metrics.Registry));
        }

        NodeHostLog.Listening(runtimeLogger, config.Name, committee.Current.Entry(config.Name)?.Organisation ?? "-", signingKey.PublicKey.ToHex()[..16], config.PeerEndpoint, config.ClientEndpoint, config.MetricsEndpoint ?? "off", dataDirectory);
        if (!committee.Contains(config.Name))
        {
            NodeHostLog.NotAValidator(runtimeLogger, config.Name, committee.Epoch);
        }

        certificates.Start();
        var health = app.Services.GetRequiredService<HealthServiceImpl>();
        health.SetStatus(string.Empty, HealthCheckResponse.Types.ServingStatus.Serving);
        mode.Changed += (before, after) =>
        {
            metrics.SetMode(after.Mode);
            health.SetStatus(string.Empty, after.Mode == NodeMode.Halted ? HealthCheckResponse.Types.ServingStatus.NotServing : HealthCheckResponse.Types.ServingStatus.Serving);
            if (before.Mode != after.Mode)
            {
                NodeHostLog.ModeChanged(runtimeLogger, before.Name, after.Name, after.Reason);
            }
        };
        return app;
    }

    /// <summary>
    /// The committee becomes the committed ledger state's epoch and roster (a node restarted after
    /// a validator-set change resumes with that epoch's set, not genesis's), and this node's key
    /// must be the one that roster lists for its name: a validator whose key a change replaced
    /// restarts with the new key, and is refused with the old one.
    /// </summary>
    private static void FollowLedgerEpoch(Committee committee, LedgerEngine ledger, string name, SigningKey key)
    {
        var state = ledger.Committed.State;
        if (state.Epoch > 0)
        {
            committee.Enter(EpochRoster.Of(state.Epoch, state.Roster));
        }

        if (committee.Current.KeyOf(name) is { } expected && expected != key.PublicKey)
        {
            throw new NodeConfigException($"the signing key's public key {key.PublicKey.ToShortHex()} is not the key epoch {committee.Epoch} lists for '{name}' ({expected.ToShortHex()})");
        }
    }

    /// <summary>
    /// A store with no block (new, or its data folder wiped) or far behind (stopped or cut off for
    /// long) installs the newest snapshot a peer offers, when it is more than
    /// <c>storage.installSnapshotBehindBlocks</c> blocks above the store's head (0: never), before
    /// the ledger opens; a store far behind gives up its blocks for it. Block sync then fetches
    /// only the blocks above it. The safety record is not touched: the key never signs again in a
    /// round it signed in before.
    /// </summary>
    private static SnapshotInstallReport InstallSnapshotIfFarBehind(
        NodeConfig config, GenesisDocument genesis, string dataDirectory, string ledgerDirectory, Hash32 genesisBlockId, PeerNetwork peers, TimeProvider time, ILogger logger)
    {
        if (config.Storage.InstallSnapshotBehindBlocks == 0 || peers.Links.Count == 0)
        {
            return SnapshotInstallReport.None;
        }

        ulong head;
        using (var existing = LedgerStore.Open(ledgerDirectory))
        {
            head = existing.HeadHeight;
        }

        var installer = new PeerSnapshotInstaller(
            [.. peers.Links.Select(l => new ReplicaSnapshotPeer(l.Name, l.Client, TimeSpan.FromMilliseconds(config.Limits.SyncTimeoutMs)))],
            new SnapshotOfferCheck(new EvidenceVerifier(genesis), config.Limits.SnapshotMaxBytes),
            new SnapshotInstallOptions(dataDirectory, ledgerDirectory, genesisBlockId, config.Storage.InstallSnapshotBehindBlocks, config.Limits.SnapshotChunkBytes, config.Storage.SnapshotsKept),
            logger,
            time);
        return installer.RunAsync(head, CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>Largest block payload the consensus core accepts.</summary>
    public const int ConsensusMaxPayloadBytes = 4 * 1024 * 1024;

    /// <summary>The consensus core, resumed from the last committed block and the persisted safety data.</summary>
    private static ConsensusCore CreateCore(
        NodeConfig config, GenesisDocument genesis, Committee committee, SigningKey key, Hash32 genesisRoot, LedgerEngine ledger, SafetyStore safety,
        ISignatureVerifier signatures, ILogger logger)
    {
        var root = CommittedRoot.Genesis(genesis.ChainId, genesisRoot, genesis.GenesisTimeMs);
        var head = ledger.Committed;
        if (head.Height > 0)
        {
            // A store installed from a snapshot at its head holds no record of that block: its
            // certificate (the commit evidence the snapshot came with) is the store's base.
            var stored = ledger.CertificateAt(head.Height) ?? throw new InvalidOperationException($"the ledger reports height {head.Height} but has no block there");
            var certificate = CommitCertificate.Decode(stored);
            root = CommittedRoot.FromBlock(certificate.DecodeBlock(genesis.ChainId), certificate.DecodeChain()[0]);
        }

        // No record, or a copied one, counts as lost and the core abstains; a record kept across a
        // committed key rotation gives way to a new one for the new key (StartSafetyData).
        var safetyData = StartSafetyData.Read(safety, committee.Validators, key.PublicKey, out var found);
        if (found is StartRecord.OfAnotherValidator or StartRecord.OfRotatedKey)
        {
            string recordKey = Convert.ToHexString(safety.RecordOwner!)[..16].ToLowerInvariant();
            if (found == StartRecord.OfRotatedKey)
            {
                NodeHostLog.SafetyRecordOfRotatedKey(logger, recordKey, key.PublicKey.ToHex()[..16], committee.Epoch);
            }
            else
            {
                NodeHostLog.SafetyRecordOfAnotherKey(logger, recordKey, key.PublicKey.ToHex()[..16]);
            }
        }

        var parameters = new ConsensusParameters
        {
            BaseTimeoutMs = config.Timing.BaseRoundTimeoutMs,
            MaxTimeoutMs = config.Timing.MaxRoundTimeoutMs,
            MaxPayloadBytes = ConsensusMaxPayloadBytes,

            // What this replica accepts in a reply: the wire's limit, so a peer configured with any
            // valid limits.syncMaxBlocks is understood.
            MaxSyncBlocks = ConsensusCodec.MaxSyncBlocks,
            MaxBlockTimeAheadMs = genesis.Consensus.BlockTimeAheadMs,
            MaxBlockTimeBehindMs = genesis.Consensus.BlockTimeBehindMs,
            HeartbeatMs = config.Timing.HeartbeatMs,
        };
        return new ConsensusCore(new ConsensusConfig(genesis.ChainId, committee.Validators, key, parameters, signatures, genesisRoot, committee.Epoch), safetyData, root);
    }

    /// <summary>Reads and validates node.json; every problem is listed in one <see cref="NodeConfigException"/>.</summary>
    public static (NodeConfig Config, string Directory) LoadConfig(string configPath)
    {
        if (!File.Exists(configPath))
        {
            throw new NodeConfigException($"configuration file '{configPath}' does not exist");
        }

        NodeConfig config;
        try
        {
            config = NodeConfig.FromJson(File.ReadAllText(configPath));
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new NodeConfigException($"'{configPath}' is not a valid node configuration: {ex.Message}", ex);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(configPath))!;
        NodeConfigValidator.ThrowIfInvalid(config, directory);
        return (config, directory);
    }

    private static GenesisDocument LoadGenesis(NodeConfig config, string directory)
    {
        GenesisDocument genesis;
        try
        {
            genesis = GenesisDocument.Load(NodeConfigValidator.Resolve(directory, config.GenesisPath));
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new NodeConfigException($"genesis file is not valid: {ex.Message}", ex);
        }

        // The node's name and its peers' need not be genesis validators: a validator-set change may
        // add them (a new organisation's node starts before the change commits and follows without
        // signing; its peers list it in advance). Who is a validator is the committed roster's word.
        var errors = new List<string>();
        errors.AddRange(GenesisPayloadCheck.Problems(genesis.Parameters, ConsensusMaxPayloadBytes));
        if (genesis.Consensus.BlockTimeAheadMs < 0 || genesis.Consensus.BlockTimeBehindMs < 0)
        {
            errors.Add($"genesis consensus.blockTimeAheadMs ({genesis.Consensus.BlockTimeAheadMs}) and blockTimeBehindMs ({genesis.Consensus.BlockTimeBehindMs}) must be >= 0");
        }

        return errors.Count == 0 ? genesis : throw new NodeConfigException(errors);
    }

    /// <summary>
    /// `ledger node init`: writes the configured validator's first safety record into its data
    /// folder, which must be empty (<see cref="InitialSafetyRecord"/>); returns the folder.
    /// </summary>
    public static string InitialiseSafetyRecord(string configPath)
    {
        var (config, directory) = LoadConfig(configPath);
        var dataDirectory = NodeConfigValidator.Resolve(directory, config.DataDir);
        using var key = LoadSigningKey(config, directory);
        InitialSafetyRecord.Write(dataDirectory, key.PublicKey, OsFileDurability.Instance);
        return dataDirectory;
    }

    private static SigningKey LoadSigningKey(NodeConfig config, string directory)
    {
        var passphrase = config.SigningKeyPassphraseEnv is { } env ? Environment.GetEnvironmentVariable(env) : null;
        SigningKey key;
        try
        {
            key = KeyFile.ImportSigningKey(File.ReadAllText(NodeConfigValidator.Resolve(directory, config.SigningKeyPath)), passphrase);
        }
        catch (KeyFileException ex)
        {
            throw new NodeConfigException($"signing key: {ex.Message}", ex);
        }

        // Checked against the committed roster's key for this name once the ledger is open (FollowLedgerEpoch).
        return key;
    }

    private static void ServeOnPort(WebApplication app, int port, Action<IEndpointRouteBuilder> map) =>
        app.MapWhen(context => context.Connection.LocalPort == port, branch =>
        {
            branch.UseRouting();
            branch.UseEndpoints(map);
        });

    private static void Listen(KestrelServerOptions kestrel, HostPort endpoint, HttpProtocols protocols, Action<HttpsConnectionAdapterOptions>? configureHttps)
    {
        void Configure(ListenOptions listen)
        {
            listen.Protocols = protocols;
            if (configureHttps is not null)
            {
                listen.UseHttps(configureHttps);
            }
        }

        if (endpoint.Host is "localhost")
        {
            kestrel.ListenLocalhost(endpoint.Port, Configure);
        }
        else if (endpoint.Host is "*" or "0.0.0.0")
        {
            kestrel.ListenAnyIP(endpoint.Port, Configure);
        }
        else if (IPAddress.TryParse(endpoint.Host, out var address))
        {
            kestrel.Listen(address, endpoint.Port, Configure);
        }
        else
        {
            kestrel.Listen(Dns.GetHostAddresses(endpoint.Host)[0], endpoint.Port, Configure);
        }
    }


    // The informational version (with the source revision when the build records one), else the assembly version.
    private static string BuildVersion()
    {
        var assembly = typeof(NodeHost).Assembly;
        return assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "unknown";
    }
}
