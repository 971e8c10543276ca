using Ledger.Consensus;
using Ledger.Consensus.Codec;
using Ledger.Consensus.Core;
using Ledger.Consensus.Messages;
using Ledger.Consensus.Safety;
using Ledger.Consensus.Sync;
using Ledger.Consensus.Verification;
using Ledger.Crypto;

namespace Ledger.Simulator;

/// <summary>
/// Runs one <see cref="SimScenario"/> in virtual time: a seeded network (delays, loss, duplicates,
/// reordering, partitions, GST; for Twins, scripted leaders and a network per round), crashes and
/// restarts, Byzantine validators, and the
/// <see cref="SafetyChecker"/> after every step. Single-threaded and deterministic for a seed.
/// </summary>
internal sealed partial class Simulator
{
    public const string ChainId = "sim-chain";
    public const long GenesisTimeMs = 1_700_000_000_000;

    /// <summary>Events one scenario may process; healthy runs use a few thousand.</summary>
    public const int MaxSteps = 300_000;

    internal static readonly Hash32 GenesisStateRoot = Hash32.Sha256("sim-genesis"u8);

    private readonly SimScenario _scenario;
    private readonly ISignatureVerifier _signatures;
    private readonly ConsensusParameters _parameters = ConsensusParameters.ForTests();
    private readonly Random _rng;
    private readonly ValidatorSet _validators;
    private readonly List<SimNode> _nodes = [];
    private readonly PriorityQueue<SimEvent, (long, long)> _events = new();
    private readonly SafetyChecker _checker;
    private readonly SimEpochLedger _epochs;
    private readonly Adversary _adversary;
    private readonly Dictionary<int, long> _heldBackUntil = [];
    private readonly Dictionary<Hash32, long> _proposedAt = [];
    private readonly HashSet<(int Slot, ulong Round)> _honestTimeouts = [];
    private int _honestEmptyProposals;
    private int _skewedProposalsRefused;
    private readonly CoreFactory _honestCore;
    private long _sequence;
    private int _steps;

    public Simulator(SimScenario scenario, ISignatureVerifier signatures, Action<string>? trace = null, CoreFactory? honestCore = null)
    {
        Trace = trace;
        _honestCore = honestCore ?? ((config, safetyData, root) => new ConsensusCore(config, safetyData, root));
        _scenario = scenario;
        _signatures = signatures;
        _rng = new Random(scenario.Seed ^ 0x5eed);
        var committee = new ValidatorSet(SimKeys.ValidatorPublicKeys(scenario.Validators));
        _validators = scenario.Leaders.Count > 0 ? committee.WithScriptedLeaders(scenario.Leaders) : committee;
        IReadOnlyList<int> slots = scenario.SlotValidators;
        for (int s = 0; s < slots.Count; s++)
        {
            ByzantineBehaviour? behaviour = scenario.Byzantine.TryGetValue(slots[s], out ByzantineBehaviour b) ? b : null;
            _nodes.Add(new SimNode(s, slots[s], behaviour));
        }

        var verifier = new MessageVerifier(ChainId, _validators, signatures, QuorumCertificate.Genesis(ChainId, GenesisStateRoot));
        _epochs = new SimEpochLedger(GenesisStateRoot, EpochChange.Genesis(_validators));
        _committedSets[0] = _validators;
        _checker = new SafetyChecker(_validators, verifier, _parameters, _epochs, signatures);
        _adversary = new Adversary(this, _rng);
    }

    internal long Now { get; private set; }

    /// <summary>Receives a line per notable event (commits, adversary actions) when replaying a seed.</summary>
    internal Action<string>? Trace { get; }

    internal void Log(string line) => Trace?.Invoke($"{Now,7} ms  {line}");

    internal IReadOnlyList<SimNode> Nodes => _nodes;

    internal ValidatorSet Validators => _validators;

    internal SimScenario Scenario => _scenario;

    /// <summary>Runs the scenario to its liveness target or its deadline.</summary>
    public static SimResult Run(SimScenario scenario, ISignatureVerifier signatures, Action<string>? trace = null, CoreFactory? honestCore = null) =>
        new Simulator(scenario, signatures, trace, honestCore).Run();

    public SimResult Run()
    {
        foreach (SimNode node in _nodes)
        {
            StartNode(node);
        }

        foreach (SimCrash crash in _scenario.Crashes)
        {
            Schedule(crash.AtMs, new SimEvent(SimEventKind.Crash, crash.Slot));
            if (crash.Wipe)
            {
                Schedule(crash.RestartAtMs, new SimEvent(SimEventKind.Wipe, crash.Slot));
            }

            Schedule(crash.RestartAtMs, new SimEvent(SimEventKind.Restart, crash.Slot));
        }

        ScheduleWorkload();
        ScheduleReachability();
        long stabilisation = _scenario.StabilisationMs;
        long deadline = stabilisation + LivenessBoundMs();
        ulong? baseline = null;
        long? resumed = null;
        while (_checker.Failure is null && _events.TryDequeue(out SimEvent? next, out (long Time, long) key))
        {
            if (key.Time > deadline)
            {
                break;
            }

            if (baseline is null && key.Time >= stabilisation)
            {
                baseline = HonestUp().Select(n => n.CommittedHeight).DefaultIfEmpty(0UL).Max();
            }

            Now = key.Time;
            if (++_steps > MaxSteps)
            {
                return Result($"step budget of {MaxSteps} events exhausted at {Now} ms virtual (a message storm or a livelock)");
            }

            Dispatch(next);
            if (baseline is { } b && resumed is null && HonestUp().All(n => n.CommittedHeight > b))
            {
                resumed = Now - stabilisation;
            }

            if (baseline is { } c && HonestUp().All(n => n.CommittedHeight >= c + (ulong)_scenario.CommitsAfterStabilisation) && WorkDone() && EpochsDone())
            {
                return Result(ResumedTooLate(resumed)) with { ResumedAfterStabilisationMs = resumed };
            }
        }

        if (_checker.Failure is { } failure)
        {
            return Result(failure);
        }

        _checker.CheckEquivocationsDetected(_adversary.EquivocationsShownToHonest);
        if (_checker.Failure is { } late)
        {
            return Result(late);
        }

        string heights = string.Join(", ", HonestUp().Select(n => $"slot {n.Slot}: {n.CommittedHeight}"));
        string work = UncommittedWork();
        return Result($"liveness: within {LivenessBoundMs()} ms after stabilisation at {stabilisation} ms, not every honest replica made " +
            $"{_scenario.CommitsAfterStabilisation} new commits over height {baseline ?? 0} (heights {heights})" +
            (work.Length > 0 ? $" and committed every transaction ({work})" : "") + EpochProgress());
    }

    /// <summary>
    /// The stated bound: after stabilisation every honest replica commits
    /// <see cref="SimScenario.CommitsAfterStabilisation"/> new blocks within (4n + 10) maximal round
    /// timeouts, which covers a full rotation of Byzantine leaders, backed-off timers and catch-up;
    /// with validator-set changes, n counts every key that runs a replica and the bound is
    /// granted once more per change (each boundary restarts the rounds of a new set).
    /// </summary>
    public long LivenessBoundMs() =>
        ((4L * _scenario.Keys) + 10) * (1 + _scenario.EpochChanges) * (_parameters.MaxTimeoutMs + (2L * _scenario.MaxDelayAfterGstMs));

    /// <summary>The failure when the scenario bounds the resume and every honest replica committed again later than that.</summary>
    private string? ResumedTooLate(long? resumed) =>
        _scenario.ResumeWithinMs is { } bound && resumed > bound
            ? $"resume: every honest replica committed again only {resumed} ms after stabilisation at {_scenario.StabilisationMs} ms, beyond the bound of {bound} ms"
            : null;

    private IEnumerable<SimNode> HonestUp() => _nodes.Where(n => n.IsHonest && n.IsUp);

    private SimResult Result(string? failure) =>
        new(_scenario, failure, Now, _steps, _checker.HighestHeight, _checker.EvidenceReports)
        {
            HonestRoundTimeouts = _honestTimeouts.Count,
            HonestEmptyProposals = _honestEmptyProposals,
            SkewedProposalsRefused = _skewedProposalsRefused,
            MaxTransactionLatencyMs = MaxTransactionLatencyMs(),
            EpochEndsByByzantineProposer = _epochEndsByByzantineProposer,
        };

    private void StartNode(SimNode node)
    {
        // The set of the epoch its stored chain is in (a node reads it from its state); not a member: it follows.
        EpochChange epoch = EpochOf(node);
        var config = new ConsensusConfig(ChainId, epoch.Validators, SimKeys.Validator(node.Validator), _parameters, _signatures, GenesisStateRoot, epoch.Epoch);
        CommittedRoot root = node.LastCommitted is { } last
            ? CommittedRoot.FromBlock(last.Block, last.Qc)
            : CommittedRoot.Genesis(ChainId, GenesisStateRoot, GenesisTimeMs);
        // A restart reads the safety data back from its stored bytes, as a node does.
        SafetyData safetyData = ConsensusCodec.DecodeSafetyData(ConsensusCodec.Encode(node.Persisted));
        node.Core = node.IsHonest ? _honestCore(config, safetyData, root) : new ConsensusCore(config, safetyData, root);
        node.ReportedWork = node.Proposable().Count > 0;
        Apply(node, node.Core.Start(ClockOf(node), node.ReportedWork));
    }

    private long ClockOf(SimNode node) =>
        GenesisTimeMs + Now + (_scenario.ClockOffsetsMs.Count > node.Slot ? _scenario.ClockOffsetsMs[node.Slot] : 0)
        + (node.Behaviour == ByzantineBehaviour.SkewedClock ? _scenario.ClockSkewMs : 0);

    internal void Schedule(long at, SimEvent e) => _events.Enqueue(e, (at, _sequence++));

    private void Dispatch(SimEvent e)
    {
        SimNode node = _nodes[e.Slot];
        switch (e.Kind)
        {
            case SimEventKind.Crash:
                CrashNode(node);
                return;
            case SimEventKind.Submit:
                OnSubmit(node, e.Transaction);
                return;
            case SimEventKind.Reachable when node.IsUp:
                // The core names peers by their index in its current set (not one: nothing to tell).
                if (IndexIn(node, e.Peer) is >= 0 and var peer)
                {
                    Feed(node, new PeerReachable(peer));
                }

                return;
            case SimEventKind.Restart:
                StartNode(node);
                return;
            case SimEventKind.EpochRestart:
                _epochRestartsPending--;
                StartNode(node);
                return;
            case SimEventKind.Wipe:
                node.Persisted = SafetyData.Lost;
                Log($"slot {node.Slot} (v{node.Validator}) lost its safety record");
                return;
            case SimEventKind.Timer when node.IsUp && e.Generation == node.TimerGeneration:
                Feed(node, new TimerFired(e.Round));
                return;
            case SimEventKind.Deliver when node.IsUp:
                Deliver(node, e);
                return;
            default:
                return;
        }
    }

    /// <summary>The process stops: the mempool and the speculative state go with it.</summary>
    /// <summary>The mempool, the speculative state and the challenges it issued go with the process.</summary>
    private static void CrashNode(SimNode node)
    {
        node.Core = null;
        node.TimerGeneration++;
        node.Pending.Clear();
        node.InFlight.Clear();
        node.IssuedChallenges.Clear();
    }

    private void Deliver(SimNode node, SimEvent e)
    {
        object message = Decode(e.Wire);
        if (node.Behaviour == ByzantineBehaviour.ReplayOldMessages && message is not SyncRequest and not SyncResponse && node.Received.Count < 256)
        {
            node.Received.Add(message);
        }

        switch (message)
        {
            case Proposal p:
                Feed(node, new ProposalReceived(p));
                break;
            case Vote v:
                Feed(node, new VoteReceived(v));
                break;
            case RoundTimeout t:
                Feed(node, new TimeoutReceived(t));
                break;
            case SyncRequest request:
                SyncResponse answer = SyncResponder.Respond(request, node, _parameters.MaxSyncBlocks);
                if (answer.Blocks.Count > 0)
                {
                    SendToSlot(node.Slot, e.FromSlot, answer);
                }

                break;
            case SyncResponse response:
                Log($"slot {node.Slot} (v{node.Validator}) receives {response.Blocks.Count} blocks ({response.EpochEndQcs.Count} epoch-end QCs) from slot {e.FromSlot}");
                Feed(node, new SyncResponseReceived(IndexIn(node, _nodes[e.FromSlot].Validator), response));
                break;
            case SimSignedRoundAsk ask:
                AnswerSignedRound(node, e.FromSlot, ask);
                break;
            case SimSignedRoundAnswer signedRound:
                OnSignedRoundAnswer(node, signedRound);
                break;
            default:
                throw new InvalidOperationException($"unexpected simulated message {message.GetType().Name}");
        }
    }

    /// <summary>
    /// Hands an input to a node's core (null: none, only news of pending work) and performs the
    /// outputs; application calls answer at once, and a change of pending work is reported last.
    /// </summary>
    private void Feed(SimNode node, ConsensusInput? input)
    {
        var pending = new Queue<ConsensusInput>();
        if (input is not null)
        {
            pending.Enqueue(input);
        }

        ReportWork(node, pending);
        while (pending.Count > 0 && node.Core is { } core)
        {
            Apply(node, core.Handle(pending.Dequeue(), ClockOf(node)), pending);
            if (pending.Count == 0)
            {
                ReportWork(node, pending);
            }
        }

        if (!node.IsHonest)
        {
            _adversary.AfterStep(node, input);
        }

        if (node.CrashAfterStepInEpoch is { } epoch)
        {
            node.CrashAfterStepInEpoch = null;
            EpochCrash(node, epoch, EpochCrashPoint.AfterExecutingEnd);
        }

        _checker.AfterStep(node);
    }

    private void Apply(SimNode node, ConsensusOutputs outputs, Queue<ConsensusInput>? pending = null)
    {
        if (outputs.PersistFirst is { } data)
        {
            _checker.OnPersist(node, node.Persisted, data);
            node.Persisted = data;
        }

        CountRefusals(node, outputs.Rejections);
        if (Trace is not null && node.IsHonest)
        {
            foreach (MessageRejected rejection in outputs.Rejections)
            {
                Log($"slot {node.Slot} (v{node.Validator}) refuses a {rejection.Kind} from {rejection.ClaimedSender}: {rejection.Reason}");
            }
        }

        foreach (ConsensusAction action in outputs.Actions)
        {
            if (node.Core is null)
            {
                // Crashed at an epoch boundary mid-step: the rest never happened.
                return;
            }

            _checker.BeforeSend(node, action);
            CountHonest(node, action);
            switch (action)
            {
                case BroadcastProposal p:
                    _proposedAt.TryAdd(p.Proposal.Block.Id, Now);
                    Log($"slot {node.Slot} (v{node.Validator}) proposes {p.Proposal.Block}{(p.Proposal.LastRoundTc is { } tc ? $" after TC {tc.Round}" : "")}");
                    _adversary.OnProposal(node, p.Proposal);
                    if (p.Proposal.Block.Epoch > 0 && p.Proposal.Block.Round == 1 && EpochCrash(node, p.Proposal.Block.Epoch, EpochCrashPoint.ProposingFirstOfEpoch))
                    {
                        return;
                    }

                    break;
                case SendVote v:
                    _adversary.OnVote(node, KeyOf(SetOfEpoch(node, v.Vote.Data.Epoch), v.To), v.Vote);
                    break;
                case BroadcastTimeout t:
                    Log($"slot {node.Slot} (v{node.Validator}) times out round {t.Timeout.Round} (high QC {t.Timeout.HighQc.Round})");
                    _adversary.OnTimeout(node, t.Timeout);
                    break;
                case RequestBlocks r:
                    if (KeyOf(SetOf(node), r.Peer) is >= 0 and var peerKey)
                    {
                        Log($"slot {node.Slot} (v{node.Validator}) asks v{peerKey} for blocks up to {r.Request.TargetBlockId.ToShortHex()}");
                        SendToSlot(node.Slot, _nodes.First(n => n.Validator == peerKey).Slot, r.Request);
                    }

                    break;
                case SetTimer t:
                    node.TimerGeneration++;
                    Schedule(Now + t.DelayMs, new SimEvent(SimEventKind.Timer, node.Slot) { Round = t.Round, Generation = node.TimerGeneration });
                    break;
                case ExecuteBlock x:
                    ConsensusInput executed = SimApplication.Execute(x, acceptInvalid: node.Behaviour == ByzantineBehaviour.InvalidPayload, _epochs);
                    ulong? ends = executed is BlockExecuted { NextEpoch: { } next } ? next.Epoch : null;
                    if (ends is { } beforeExecuting && EpochCrash(node, beforeExecuting, EpochCrashPoint.BeforeExecutingEnd))
                    {
                        return;
                    }

                    if (executed is BlockExecuted)
                    {
                        node.InFlight[x.Block.Id] = SimApplication.Transactions(x.Block.Payload);
                    }

                    Enqueue(node, pending, executed);
                    if (ends is { } afterExecuting && _scenario.EpochCrashes.Any(c => c.Slot == node.Slot && (ulong)c.Change + 1 == afterExecuting && c.Point == EpochCrashPoint.AfterExecutingEnd))
                    {
                        node.CrashAfterStepInEpoch = afterExecuting;
                    }

                    break;
                case RequestPayload r:
                    bool invalid = node.Behaviour == ByzantineBehaviour.InvalidPayload;
                    Enqueue(node, pending, new PayloadReady(r.Round, SimApplication.Payload(node.Slot, r.Round, node.PayloadCounter++, invalid, node.Proposable())));
                    break;
                case Resend r:
                    SendToValidator(node.Slot, KeyOf(SetOf(node), r.To), r.Message);
                    break;
                case AskSignedRounds:
                    AskPeersForSignedRounds(node);
                    break;
                case DiscardBlocks d:
                    foreach (Hash32 id in d.BlockIds)
                    {
                        node.InFlight.Remove(id);
                    }

                    break;
                case CommitBlocks c:
                    EpochChange? entered = EnteredBy(c);
                    if (entered is not null && EpochCrash(node, entered.Epoch, EpochCrashPoint.BeforeCommittingEnd))
                    {
                        return;
                    }

                    Log($"slot {node.Slot} (v{node.Validator}) commits {string.Join(", ", c.Blocks.Select(b => b.Block.ToString()))}");
                    _checker.OnCommit(node, c);
                    foreach (CommittedBlock block in c.Blocks)
                    {
                        _checker.CheckBlockTime(node, block, _proposedAt.TryGetValue(block.Block.Id, out long at) ? GenesisTimeMs + at : null, GenesisTimeMs + Now, MaxClockOffsetMs);
                        node.Commit(block, block == c.Blocks[^1] ? c.EvidenceAfterLast : null);
                        OnTransactionsCommitted(node, block.Block);
                    }

                    if (entered is not null)
                    {
                        OnEpochEntered(node, c.Blocks[^1].Block, entered);
                        if (EpochCrash(node, entered.Epoch, EpochCrashPoint.AfterCommittingEnd))
                        {
                            return;
                        }
                    }

                    break;
                case ReportEquivocation r:
                    _checker.OnEvidence(node, r.Evidence);
                    break;
                case Halt h:
                    _checker.OnHalt(node, h.Reason);
                    break;
                default:
                    break;
            }
        }
    }

    private void Enqueue(SimNode node, Queue<ConsensusInput>? pending, ConsensusInput input)
    {
        if (pending is not null)
        {
            pending.Enqueue(input);
        }
        else if (node.Core is { } core)
        {
            var queue = new Queue<ConsensusInput>();
            queue.Enqueue(input);
            while (queue.Count > 0 && node.Core is not null)
            {
                Apply(node, core.Handle(queue.Dequeue(), ClockOf(node)), queue);
            }
        }
    }
}
