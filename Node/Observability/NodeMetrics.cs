using Ledger.Node.Modes;
using Ledger.Node.Runtime;
using Prometheus;

namespace Ledger.Node.Observability;

/// <summary>
/// The node's Prometheus metrics, in a registry of its own so two nodes in one process (tests)
/// do not share counters. Rates are left to Prometheus (rate() over the counters); the
/// operational ones (build, process, peers, commit times, latencies) are in NodeMetrics.Operations.cs.
/// </summary>
public sealed partial class NodeMetrics
{
    private readonly Gauge _committedHeight;
    private readonly Gauge _epoch;
    private readonly Gauge _round;
    private readonly Gauge _mempoolSize;
    private readonly Gauge _commitsInFlight;
    private readonly Gauge _mode;
    private readonly Counter _transfersCommitted;
    private readonly Counter _timeouts;
    private readonly Counter _droppedOutbound;
    private readonly Counter _rejected;
    private readonly Counter _consensusRejected;
    private readonly Counter _consensusRefused;
    private readonly Gauge _signingStopped;
    private readonly Gauge _abstainingUntil;
    private readonly Counter _signingWithheld;
    private readonly Counter _consensusSignatures;
    private readonly Counter _peerRefusals;
    private readonly Histogram _verification;
    private readonly Histogram _blockExecution;
    private readonly Counter _loopSeconds;
    private readonly Counter _limitRefusals;
    private readonly Counter _equivocations;
    private readonly Counter _fsyncs;
    private readonly Counter _epochProofsServed;
    private readonly Gauge _epochEndsIndexed;

    public NodeMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        _committedHeight = factory.CreateGauge("ledger_committed_height", "Height of the last committed block.");
        _epoch = factory.CreateGauge("ledger_epoch", "The epoch (validator set) the node is in: 0 from genesis, one more for each committed validator-set change.");
        _round = factory.CreateGauge("ledger_round", "Current consensus round.");
        _mempoolSize = factory.CreateGauge("ledger_mempool_size", "Transactions waiting in the mempool.");
        _commitsInFlight = factory.CreateGauge("ledger_commits_in_flight", "Blocks handed to the ledger committer and not yet durable (bounded, LedgerCommitter.MaxInFlight).");
        _mode = factory.CreateGauge("ledger_mode", "1 for the node's current mode, 0 for the others.", "mode");
        _transfersCommitted = factory.CreateCounter("ledger_transfers_committed_total", "Transfers committed.");
        _timeouts = factory.CreateCounter("ledger_round_timeouts_total", "Round timeouts fired locally.");
        _droppedOutbound = factory.CreateCounter("ledger_peer_messages_dropped_total", "Outbound consensus messages dropped because a peer queue was full.", "peer");
        _rejected = factory.CreateCounter("ledger_transactions_rejected_total", "Transactions refused at admission.", "reason");
        _consensusRejected = factory.CreateCounter(
            "ledger_consensus_messages_rejected_total", "Consensus messages the core refused (bad signature, unknown signer, malformed certificate...).", "kind");
        _consensusRefused = factory.CreateCounter(
            "ledger_consensus_messages_refused_total",
            "Consensus messages refused at the node boundary before the core saw them (reason signerRevoked: the author's signing certificate is revoked on the ledger or by a given CRL).",
            "kind",
            "reason");
        _signingStopped = factory.CreateGauge(
            "ledger_signing_stopped", "1 once this node's own signing certificate is revoked: it no longer sends proposals, votes or timeouts (until restarted).");
        _abstainingUntil = factory.CreateGauge(
            "ledger_safety_abstaining_until_round",
            "While this node started without its safety record and may not sign yet: the first round it may sign in (docs/PROTOCOL.md safety rule 5), or -1 while it still waits for its peers' signed rounds; 0 when it signs normally.");
        _signingWithheld = factory.CreateCounter(
            "ledger_signed_messages_withheld_total", "Proposals, votes and timeouts this node did not send because its own signing certificate is revoked.", "kind");
        _consensusSignatures = factory.CreateCounter(
            "ledger_consensus_signature_checks_total",
            "Consensus signature checks by outcome (remembered = answered from the memo of recently verified signatures; verified, invalid = Ed25519 ran).",
            "outcome");
        _peerRefusals = factory.CreateCounter(
            "ledger_peer_refusals_total", "Peers refused, by side (inbound: a peer calling this node; outbound: a peer this node dialled) and reason.", "side", "reason");
        _verification = factory.CreateHistogram(
            "ledger_signature_verification_seconds",
            "Time to verify one batch of transaction signatures.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0001, 2, 16) });
        _blockExecution = factory.CreateHistogram(
            "ledger_block_execution_seconds",
            "Time to execute one proposed block.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0001, 2, 16) });
        _loopSeconds = factory.CreateCounter(
            "ledger_loop_seconds_total",
            "Event-loop time by phase (core = consensus handling incl. message signatures; the others are the actions it asked for; idle = waiting for input).",
            "phase");
        _limitRefusals = factory.CreateCounter(
            "ledger_limit_refusals_total",
            "Requests, messages or records refused because a bound was reached; the label names the node.json limits entry.",
            "limit");
        _equivocations = factory.CreateCounter(
            "ledger_equivocations_total",
            "Equivocation evidence by what became of it: recorded, duplicate (already kept), or dropped by a limit.",
            "outcome");
        _fsyncs = factory.CreateCounter(
            "ledger_fsyncs_total",
            "Flushes to the device by store (safety, pending-blocks, ledger, equivocations) and kind (fsync; fdatasync: data only, for writes in place; folder: a directory's entries).",
            "file",
            "kind");
        _epochProofsServed = factory.CreateCounter("ledger_epoch_proofs_served_total", "Epoch-change proofs sent in GetEpochProofs answers (clients and peers).");
        _epochEndsIndexed = factory.CreateGauge("ledger_epoch_end_heights_indexed", "Epochs whose ending block's height this node has found and keeps in memory (bounded).");
        SetMode(NodeMode.Target);
        _operations = new OperationalMetrics(Registry, factory);
        _snapshots = new SnapshotMetrics(Registry, factory);
        _verifiers = new VerifierMetrics(Registry, factory);
    }

    public CollectorRegistry Registry { get; }

    public void SetCommittedHeight(ulong height) => _committedHeight.Set(height);

    public void SetEpoch(ulong epoch) => _epoch.Set(epoch);

    public void SetRound(ulong round)
    {
        _round.Set(round);
        _operations.RoundIs(round);
    }

    public void SetMempoolSize(int size) => _mempoolSize.Set(size);

    public void SetCommitsInFlight(int count) => _commitsInFlight.Set(count);

    /// <summary>One GetEpochProofs answer of <paramref name="proofs"/> proofs; <paramref name="indexed"/> epoch-ending heights now held.</summary>
    public void EpochProofsServed(int proofs, int indexed)
    {
        _epochProofsServed.Inc(proofs);
        _epochEndsIndexed.Set(indexed);
    }

    public void TimeoutFired() => _timeouts.Inc();

    /// <summary>One flush of <paramref name="file"/>'s store done (<see cref="Ledger.Storage.CountedFileDurability"/>).</summary>
    public void Flushed(string file, string kind) => _fsyncs.WithLabels(file, kind).Inc();

    /// <summary>An <see cref="Ledger.Storage.IFileDurability"/> for the store named <paramref name="file"/> whose flushes this counts.</summary>
    public Ledger.Storage.IFileDurability DurabilityFor(string file) => new Ledger.Storage.CountedFileDurability(Ledger.Storage.OsFileDurability.Instance, file, Flushed);

    public void OutboundDropped(string peer)
    {
        _droppedOutbound.WithLabels(peer).Inc();
        _limitRefusals.WithLabels(LimitNames.PeerQueueCapacity).Inc();
    }

    /// <summary>Counts one refusal by the limit named <paramref name="limit"/> (a <see cref="LimitNames"/> value).</summary>
    public void LimitRefused(string limit) => _limitRefusals.WithLabels(limit).Inc();

    public double LimitRefusals(string limit) => _limitRefusals.WithLabels(limit).Value;

    public void Equivocation(string outcome) => _equivocations.WithLabels(outcome).Inc();

    public void Rejected(string reason) => _rejected.WithLabels(reason).Inc();

    public void ConsensusMessageRejected(string kind) => _consensusRejected.WithLabels(kind).Inc();

    public void ConsensusMessageRefused(string kind, string reason) => _consensusRefused.WithLabels(kind, reason).Inc();

    public double ConsensusMessagesRefused(string kind, string reason) => _consensusRefused.WithLabels(kind, reason).Value;

    public void SigningStopped() => _signingStopped.Set(1);

    /// <summary>The first round this node may sign in after losing its safety record, -1 while unknown, 0 when not abstaining.</summary>
    public void SetAbstainingUntil(long round) => _abstainingUntil.Set(round);

    public double AbstainingUntilRound => _abstainingUntil.Value;

    public bool IsSigningStopped => _signingStopped.Value > 0;

    public void SignedMessageWithheld(string kind) => _signingWithheld.WithLabels(kind).Inc();

    public double SignedMessagesWithheld(string kind) => _signingWithheld.WithLabels(kind).Value;

    public void ConsensusSignatureChecked(SignatureCheckOutcome outcome) => _consensusSignatures.WithLabels(outcome switch
    {
        SignatureCheckOutcome.Remembered => "remembered",
        SignatureCheckOutcome.Verified => "verified",
        _ => "invalid",
    }).Inc();

    public void PeerRefused(string side, string reason) => _peerRefusals.WithLabels(side, reason).Inc();

    public void ObserveVerification(TimeSpan elapsed) => _verification.Observe(elapsed.TotalSeconds);

    public void ObserveExecution(TimeSpan elapsed) => _blockExecution.Observe(elapsed.TotalSeconds);

    /// <summary>Adds event-loop time spent in <paramref name="phase"/>: the profile of where a block's time goes.</summary>
    public void ObserveLoop(string phase, TimeSpan elapsed) => _loopSeconds.WithLabels(phase).Inc(elapsed.TotalSeconds);

    public void SetMode(NodeMode mode)
    {
        foreach (var value in Enum.GetValues<NodeMode>())
        {
            _mode.WithLabels(value.ToString().ToLowerInvariant()).Set(value == mode ? 1 : 0);
        }
    }

    /// <summary>Records a block committed here at <paramref name="now"/>, holding <paramref name="transfers"/> transactions and proposed at <paramref name="blockTimestampMs"/>.</summary>
    public void BlockCommitted(int transfers, long blockTimestampMs, DateTimeOffset now)
    {
        _transfersCommitted.Inc(transfers);
        _operations.BlockCommitted(blockTimestampMs, now);
    }
}
