using Ledger.Consensus.Messages;
using Ledger.Consensus.Safety;
using Ledger.Consensus.Verification;
using Ledger.Crypto;

namespace Ledger.Consensus.Core;

/// <summary>
/// One replica of the two-chain HotStuff protocol as a pure, synchronous state machine: the driver
/// calls <see cref="Start"/> once, then <see cref="Handle"/> for every input, passing its clock
/// reading; each call returns what to persist first and which actions to perform. No clock,
/// threads or I/O; the same inputs in the same order always give the same outputs.
/// Not thread-safe: one caller (the node's event loop, or the simulator).
/// </summary>
public sealed partial class ConsensusCore
{
    private const int MaxWaitingProposals = 8;
    private const int MaxSyncsInFlight = 16;

    private readonly ConsensusConfig _config;
    private readonly ConsensusParameters _parameters;
    private readonly string _chainId;
    private readonly SafetyRules _safety;
    private readonly BlockTimeWindow _timeWindow;
    private readonly BlockStore _store;
    private ValidatorSet _validators;
    private int _self;
    private MessageVerifier _verifier;
    private VoteCollector _votes;
    private TimeoutCollector _timeouts;
    private EquivocationDetector _equivocations;
    private readonly Dictionary<Hash32, Proposal> _waitingForParent = [];
    private readonly Dictionary<Hash32, (int Peer, long SentAtMs)> _syncs = [];

    private QuorumCertificate _highQc;
    private TimeoutCertificate? _highTc;
    private ulong _round;
    private int _consecutiveTimeouts;
    private bool _timedOutThisRound;
    private ulong _proposedRound;
    private Proposal? _pendingVote;
    private Hash32? _roundBlock;
    private RequestPayload? _payloadRequest;
    private (Hash32 Target, QuorumCertificate ChildQc)? _commitTarget;
    private bool _halted;

    private readonly bool _persistAtStart;
    private List<ConsensusAction> _actions = [];
    private List<MessageRejected> _rejections = [];
    private bool _admitAnyBlockTimeForHarnessTest;
    private bool _persist;
    private long _now;

    /// <param name="safetyData">What the node persisted last (or <see cref="SafetyData.Initial"/>).</param>
    /// <param name="root">
    /// The last committed block (or <see cref="CommittedRoot.Genesis"/>). When it is the block that
    /// ended the epoch before <see cref="ConsensusConfig.Epoch"/> (its QC is of an older epoch), the
    /// replica starts that epoch from it.
    /// </param>
    public ConsensusCore(ConsensusConfig config, SafetyData safetyData, CommittedRoot root)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(safetyData);
        ArgumentNullException.ThrowIfNull(root);
        config.Parameters.Validate();
        _config = config;
        _parameters = config.Parameters;
        _chainId = config.ChainId;
        _timeWindow = _parameters.TimeWindow;
        if (root.Qc.Data.Epoch > config.Epoch)
        {
            throw new ArgumentException($"the committed root is of epoch {root.Qc.Data.Epoch}, the configuration's set of epoch {config.Epoch}", nameof(root));
        }

        if (root.Qc.Data.Epoch < config.Epoch)
        {
            root = EpochStartRoot(config.Epoch, root.BlockId, root.Height, root.TimestampMs, root.StateRoot);
        }

        // Safety data of an older epoch is spent (that epoch ended when its last block was
        // committed); data of a later epoch is kept: the replica moved on before the commit reached
        // the disk, and signs nothing until it gets there again.
        if (safetyData.Epoch < config.Epoch)
        {
            safetyData = safetyData.StartOf(config.Epoch);
            _persistAtStart = true;
        }

        _safety = new SafetyRules(_chainId, -1, config.Key, safetyData);
        _store = new BlockStore(root, _parameters.MaxStoredBlocks);
        var start = new EpochChange(config.Epoch, config.Validators);
        _validators = start.Validators;
        _verifier = new MessageVerifier(_chainId, _validators, config.SignatureVerifier, null, config.Epoch);
        _votes = new VoteCollector(_chainId, _validators.QuorumSize);
        _timeouts = new TimeoutCollector(_validators.QuorumSize);
        _equivocations = new EquivocationDetector();
        SwitchTo(start, config.Epoch == 0 ? CommittedRoot.Genesis(_chainId, config.GenesisStateRoot, 0) : root);
        if (safetyData.HighQc is { } q && q.Data.Epoch != config.Epoch)
        {
            safetyData = safetyData with { HighQc = null, HighTc = null };
        }

        // Re-enter the round the persisted certificates justify, so timeouts can prove it to peers.
        _highQc = safetyData.HighQc is { } persisted && persisted.Round > root.Qc.Round ? persisted : root.Qc;
        _highTc = safetyData.HighTc;
        _round = Math.Max(_highQc.Round, _highTc?.Round ?? 0) + 1;

        // Genesis holds no work; a block committed before a restart may have (its emptiness was not kept).
        _rootCarriesWork = root.Height > 0;
    }

    public int Self => _self;

    /// <summary>Harness sanity only: removes the voting rule's extension check (see the simulator tests).</summary>
    internal void WeakenVotingRuleForHarnessTest() => _safety.WeakenVotingRuleForHarnessTest = true;

    /// <summary>Harness sanity only: a restarted leader ignores the rounds its record says it proposed in (see the simulator tests).</summary>
    internal void IgnoreProposalRecordForHarnessTest() => _safety.IgnoreProposalRecordForHarnessTest = true;

    /// <summary>Harness sanity only: removes the voter's check of a block's time against its own clock (see the simulator tests).</summary>
    internal void AdmitAnyBlockTimeForHarnessTest() => _admitAnyBlockTimeForHarnessTest = true;

    public ulong CurrentRound => _round;

    public QuorumCertificate HighQc => _highQc;

    public CommittedRoot Committed => _store.Root;

    public SafetyData SafetyData => _safety.Data;

    public bool IsHalted => _halted;

    /// <summary>Blocks, votes, timeouts and records held in memory: stays bounded under any input.</summary>
    public int RetainedItems => _store.Count + _votes.Count + _timeouts.Count + _equivocations.Count + _waitingForParent.Count + _syncs.Count;

    /// <summary>An uncommitted block this replica holds (or null), for answering sync requests.</summary>
    public Block? FindBlock(Hash32 id) => _store.Get(id)?.Block;

    /// <summary>
    /// The QC of a block this replica holds, the committed root's included - unless the root is an
    /// epoch-ending block seen from the next epoch: its epoch-genesis QC certifies nothing (a sync
    /// answer must carry the block's own QC, which the committed chain keeps), so null then.
    /// </summary>
    public QuorumCertificate? FindQc(Hash32 id) => _store.QcOf(id) is { } qc && !(qc.IsGenesis && qc.Data.Epoch > 0) ? qc : null;

    /// <summary>
    /// Arms the first round's timer, asks for missing blocks and, if leading, for a payload.
    /// <paramref name="workPending"/>: whether the application already holds work (see <see cref="WorkPending"/>).
    /// </summary>
    public ConsensusOutputs Start(long nowMs, bool workPending = true)
    {
        Begin(nowMs);
        _persist = _persistAtStart;
        _workPending = workPending;
        if (!_store.Contains(_highQc.BlockId))
        {
            RequestSync(_highQc.BlockId, PeerFor(_highQc));
        }

        StartRecovery();
        MaybeRequestPayload();
        UpdateRoundTimer();
        return Finish();
    }

    /// <summary>Processes one input at time <paramref name="nowMs"/> (the driver's clock, Unix ms).</summary>
    public ConsensusOutputs Handle(ConsensusInput input, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (_halted)
        {
            return ConsensusOutputs.None;
        }

        Begin(nowMs);
        switch (input)
        {
            case ProposalReceived p:
                OnProposal(p.Proposal);
                break;
            case VoteReceived v:
                OnVote(v.Vote);
                break;
            case TimeoutReceived t:
                OnTimeout(t.Timeout);
                break;
            case TimerFired f:
                OnTimer(f.Round);
                break;
            case BlockExecuted e:
                OnExecuted(e.BlockId, e.StateRoot, e.Empty, e.NextEpoch);
                break;
            case WorkPending w:
                OnWorkPending(w.Pending);
                break;
            case PeerReachable p:
                OnPeerReachable(p.Peer);
                break;
            case BlockRejected r:
                OnRejected(r.BlockId);
                break;
            case PayloadReady pr:
                OnPayload(pr.Round, pr.Payload);
                break;
            case SyncResponseReceived s:
                OnSyncResponse(s.From, s.Response);
                break;
            case SignedRoundReceived a:
                OnSignedRound(a.Answer, a.Challenge);
                break;
            default:
                throw new ArgumentException($"unknown consensus input {input.GetType().Name}", nameof(input));
        }

        UpdateRoundTimer();
        return Finish();
    }

    private void Begin(long nowMs)
    {
        _now = nowMs;
        _actions = [];
        _rejections = [];
        _persist = false;
        _oldEpochPersist = null;
    }

    /// <summary>
    /// The step's outputs. Safety data to persist is the current data, or - when the step switched
    /// epochs and signed nothing after the switch - the old epoch's data it held at the switch.
    /// </summary>
    private ConsensusOutputs Finish()
    {
        SafetyData? persist = _persist ? _safety.Data : _oldEpochPersist;
        _epochResetUnpersisted &= !_persist;
        return _actions.Count == 0 && persist is null && _rejections.Count == 0
            ? ConsensusOutputs.None
            : new ConsensusOutputs(persist, _actions) { Rejections = _rejections };
    }

    private void Emit(ConsensusAction action) => _actions.Add(action);

    private void Reject(string kind, int claimedSender, string reason) => _rejections.Add(new MessageRejected(kind, claimedSender, reason));

    private bool IsLeader(ulong round) => _validators.LeaderOf(round) == _self;

    private bool TooFarAhead(ulong round) => round > _round + _parameters.MaxRoundsAhead;

    /// <summary>A validator (not this one) to ask for blocks a certificate names.</summary>
    private int PeerFor(QuorumCertificate qc)
    {
        foreach (SignerSignature s in qc.Signatures)
        {
            if (s.Signer != _self)
            {
                return s.Signer;
            }
        }

        return (_self + 1) % _validators.Count;
    }
}
