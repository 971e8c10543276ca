using Ledger.Consensus.Core;
using Ledger.Consensus.Messages;
using Ledger.Consensus.Safety;
using Ledger.Consensus.Sync;
using Ledger.Crypto;
using Ledger.TestKit;

namespace Ledger.Consensus.Tests.Epochs;

/// <summary>
/// Honest cores for <see cref="Slots"/> test keys on a perfect network in virtual time, genesis's
/// set being the first four. Transactions are single bytes below 0x80; a byte 0x80 | mask is a
/// validator-set change to the slots whose bits the mask sets (bit i: slot i), which the miniature
/// application reports as the next epoch when it executes the block. Messages are addressed by the
/// sender's current set, mapped to slots by key, as a node maps them to peers. Slots outside the
/// current set receive everything (they follow). With a seed, every message takes a seeded delay
/// of 1-30 ms (so messages reorder) instead of <see cref="DelayMs"/>.
/// </summary>
internal sealed class EpochNetwork
{
    public const int Slots = 5;
    public const long DelayMs = 5;
    public const string ChainId = "test-chain";

    private static readonly ValidatorSet GenesisSet = new(TestKeys.ValidatorPublicKeys(4));

    // The application's state: epoch and set per state root (a pure function of the chain).
    private readonly Dictionary<Hash32, EpochChange> _epochOfState = [];
    private readonly Member[] _members;
    private readonly PriorityQueue<Action, (long, long)> _events = new();
    private readonly Hash32 _genesisRoot = Hash32.Sha256("test-genesis"u8);
    private readonly Random? _rng;
    private long _sequence;
    private HashSet<int>? _cut;

    public EpochNetwork(ConsensusParameters? parameters = null, int? seed = null)
    {
        _rng = seed is { } s ? new Random(s) : null;
        Parameters = parameters ?? ConsensusParameters.ForTests();
        _epochOfState[_genesisRoot] = EpochChange.Genesis(GenesisSet);
        _members = [.. Enumerable.Range(0, Slots).Select(slot => new Member(slot))];
        foreach (Member member in _members)
        {
            member.Core = NewCore(member, SafetyData.Initial, CommittedRoot.Genesis(ChainId, _genesisRoot, ConsensusBuilder.GenesisTimeMs), EpochChange.Genesis(GenesisSet));
        }
    }

    public ConsensusParameters Parameters { get; }

    public long Now { get; private set; }

    /// <summary>Every message any slot signed, with its signer's slot (for the "removed validator signs nothing" checks).</summary>
    public List<(int Slot, ulong Epoch, string Kind)> Signed { get; } = [];

    /// <summary>Every step's outputs, with the slot and the epoch its core was in before the step.</summary>
    public List<(int Slot, ulong EpochBefore, ConsensusOutputs Outputs)> Steps { get; } = [];

    /// <summary>Rejections the cores reported, per slot.</summary>
    public List<(int Slot, MessageRejected Rejection)> Rejections { get; } = [];

    public ConsensusCore Core(int slot) => _members[slot].Core!;

    /// <summary>The committed chain of a slot, oldest first: block and the epoch it was committed in.</summary>
    public IReadOnlyList<Block> Committed(int slot) => _members[slot].Chain;

    /// <summary>What a replica answers sync requests from (its committed chain, QCs and epoch-end evidence).</summary>
    public IBlockSource BlockSource(int slot) => _members[slot];

    public bool HasCommitted(int slot, byte transaction) => _members[slot].Chain.Any(b => b.Payload.IndexOf(transaction) >= 0);

    public static byte Reconfigure(params int[] slots) => (byte)(0x80 | slots.Aggregate(0, (mask, s) => mask | (1 << s)));

    public void Start()
    {
        foreach (Member member in _members)
        {
            Apply(member, member.Core!.Start(Clock, workPending: false));
        }
    }

    /// <summary>A client submits a transaction; gossip gives it to every slot at once.</summary>
    public void Submit(byte transaction)
    {
        foreach (Member member in _members.Where(m => m.Core is not null))
        {
            member.Pending.Add(transaction);
            Feed(member, new WorkPending(true));
        }
    }

    /// <summary>Messages between <paramref name="side"/> and the others are lost until <see cref="Heal"/>.</summary>
    public void Partition(params int[] side) => _cut = [.. side];

    public void Heal() => _cut = null;

    /// <summary>Stops a slot: messages to it and its timers are lost until <see cref="Restart"/>.</summary>
    public void Crash(int slot)
    {
        _members[slot].TimerGeneration++;
        _members[slot].Core = null;
    }

    public bool IsUp(int slot) => _members[slot].Core is not null;

    /// <summary>
    /// Whether every block in the slot's committed chain is of the epoch the state before it is in
    /// (the epoch its parent's execution left): nothing is committed in an epoch whose set did not
    /// own that height.
    /// </summary>
    public string? CheckEpochsOfCommittedBlocks(int slot)
    {
        Member member = _members[slot];
        EpochChange before = EpochChange.Genesis(GenesisSet);
        foreach (Block block in member.Chain)
        {
            if (block.Epoch != before.Epoch)
            {
                return $"slot {slot} committed {block} in epoch {block.Epoch}, its parent's state is in epoch {before.Epoch}";
            }

            before = _epochOfState[member.QcById[block.Id].Data.StateRoot];
        }

        return null;
    }

    /// <summary>Stops a slot (its in-flight messages and timers are lost) and starts it again from what it persisted.</summary>
    public void Restart(int slot)
    {
        Member member = _members[slot];
        member.TimerGeneration++;
        (CommittedRoot root, EpochChange epoch) = member.RestartPoint ?? (CommittedRoot.Genesis(ChainId, _genesisRoot, ConsensusBuilder.GenesisTimeMs), EpochChange.Genesis(GenesisSet));
        member.Core = NewCore(member, member.Persisted, root, epoch);
        Apply(member, member.Core.Start(Clock, workPending: member.Pending.Count > 0));
    }

    public void RunUntil(long virtualMs)
    {
        while (_events.TryPeek(out _, out (long Time, long) key) && key.Time <= virtualMs)
        {
            Now = key.Time;
            _events.Dequeue()();
        }

        Now = virtualMs;
    }

    private long Clock => ConsensusBuilder.GenesisTimeMs + Now;

    private ConsensusCore NewCore(Member member, SafetyData safety, CommittedRoot root, EpochChange epoch)
    {
        var config = new ConsensusConfig(ChainId, epoch.Validators, TestKeys.Validator(member.Slot), Parameters,
            Verification.Ed25519SignatureVerifier.Instance, _genesisRoot, epoch.Epoch);
        return new ConsensusCore(config, safety, root);
    }

    private int SlotOf(ConsensusCore core, int index) => TestKeys.ValidatorPublicKeys(Slots).ToList().IndexOf(core.Validators.KeyOf(index));

    private void Schedule(long delay, Action action) => _events.Enqueue(action, (Now + delay, _sequence++));

    private void Feed(Member member, ConsensusInput input)
    {
        if (member.Core is not { } core)
        {
            return;
        }

        var local = new Queue<ConsensusInput>();
        local.Enqueue(input);
        while (local.TryDequeue(out ConsensusInput? next))
        {
            ulong epochBefore = core.Epoch;
            ConsensusOutputs outputs = core.Handle(next, Clock);
            Steps.Add((member.Slot, epochBefore, outputs));
            foreach (ConsensusInput more in Apply(member, outputs))
            {
                local.Enqueue(more);
            }
        }
    }

    private List<ConsensusInput> Apply(Member member, ConsensusOutputs outputs)
    {
        var local = new List<ConsensusInput>();
        ConsensusCore core = member.Core!;
        if (outputs.PersistFirst is { } persisted)
        {
            member.Persisted = persisted;
        }

        Rejections.AddRange(outputs.Rejections.Select(r => (member.Slot, r)));
        foreach (ConsensusAction action in outputs.Actions)
        {
            switch (action)
            {
                case BroadcastProposal p:
                    Signed.Add((member.Slot, p.Proposal.Block.Epoch, "proposal"));
                    Broadcast(member, new ProposalReceived(p.Proposal));
                    break;
                case SendVote v:
                    Signed.Add((member.Slot, v.Vote.Data.Epoch, "vote"));
                    Deliver(member, SlotOf(core, v.To), new VoteReceived(v.Vote));
                    break;
                case BroadcastTimeout t:
                    Signed.Add((member.Slot, t.Timeout.Epoch, "timeout"));
                    Broadcast(member, new TimeoutReceived(t.Timeout));
                    break;
                case Resend r:
                    Deliver(member, SlotOf(core, r.To), r.Message switch
                    {
                        Proposal p => new ProposalReceived(p),
                        Vote v => new VoteReceived(v),
                        RoundTimeout t => new TimeoutReceived(t),
                        _ => throw new InvalidOperationException("unexpected message"),
                    });
                    break;
                case SetTimer t:
                    long generation = ++member.TimerGeneration;
                    Schedule(t.DelayMs, () =>
                    {
                        if (member.TimerGeneration == generation)
                        {
                            Feed(member, new TimerFired(t.Round));
                        }
                    });
                    break;
                case RequestBlocks r:
                    int to = SlotOf(core, r.Peer);
                    int from = member.Slot;
                    SyncRequest request = r.Request;
                    DeliverAction(from, to, () =>
                    {
                        if (_members[to].Core is null)
                        {
                            return;
                        }

                        SyncResponse response = SyncResponder.Respond(request, _members[to], Parameters.MaxSyncBlocks);
                        DeliverAction(to, from, () =>
                        {
                            // The answer names its sender by the requester's current set (lost if the requester crashed).
                            if (_members[from].Core is not { } requester)
                            {
                                return;
                            }

                            int index = requester.Validators.IndexOf(TestKeys.Validator(to).PublicKey);
                            Feed(_members[from], new SyncResponseReceived(index, response));
                        });
                    });
                    break;
                case ExecuteBlock x:
                    local.Add(Execute(member, x));
                    break;
                case RequestPayload r:
                    local.Add(new PayloadReady(r.Round, [.. member.Pending.Order().Take(4)]));
                    break;
                case CommitBlocks c:
                    bool hadWork = member.Pending.Count > 0;
                    foreach (CommittedBlock committed in c.Blocks)
                    {
                        member.Chain.Add(committed.Block);
                        member.QcById[committed.Block.Id] = committed.Qc;
                        member.Pending.ExceptWith(committed.Block.Payload.ToArray());
                    }

                    CommittedBlock last = c.Blocks[^1];
                    member.EpochEndEvidence[last.Block.Id] = c.EvidenceAfterLast;
                    Hash32 state = last.Qc.Data.StateRoot;
                    member.RestartPoint = (CommittedRoot.FromBlock(last.Block, last.Qc), _epochOfState[state]);
                    if (hadWork && member.Pending.Count == 0)
                    {
                        local.Add(new WorkPending(false));
                    }

                    break;
                default:
                    break;
            }
        }

        return local;
    }

    private BlockExecuted Execute(Member member, ExecuteBlock x)
    {
        Hash32 state = ConsensusBuilder.StateAfter(x.ParentStateRoot, x.Block);
        EpochChange parentEpoch = _epochOfState[x.ParentStateRoot];
        EpochChange? next = null;
        foreach (byte b in x.Block.Payload)
        {
            if (b >= 0x80)
            {
                int mask = b & 0x7F;
                next = new EpochChange(parentEpoch.Epoch + 1,
                    new ValidatorSet(Enumerable.Range(0, Slots).Where(s => (mask & (1 << s)) != 0).Select(s => TestKeys.Validator(s).PublicKey)));
            }
        }

        _epochOfState[state] = next ?? parentEpoch;
        return new BlockExecuted(x.Block.Id, state, x.Block.PayloadLength == 0, next);
    }

    private void Broadcast(Member from, ConsensusInput input)
    {
        foreach (Member member in _members.Where(m => m != from))
        {
            Deliver(from, member.Slot, input);
        }
    }

    private void Deliver(Member from, int to, ConsensusInput input) => DeliverAction(from.Slot, to, () => Feed(_members[to], input));

    private void DeliverAction(int from, int to, Action action)
    {
        if (to < 0 || (_cut is { } side && side.Contains(from) != side.Contains(to)))
        {
            return;
        }

        Schedule(_rng is null ? DelayMs : 1 + _rng.Next(30), action);
    }

    private sealed class Member(int slot) : IBlockSource
    {
        public int Slot { get; } = slot;

        public ConsensusCore? Core { get; set; }

        public SafetyData Persisted { get; set; } = SafetyData.Initial;

        public (CommittedRoot Root, EpochChange Epoch)? RestartPoint { get; set; }

        public HashSet<byte> Pending { get; } = [];

        public List<Block> Chain { get; } = [];

        public Dictionary<Hash32, QuorumCertificate> QcById { get; } = [];

        public Dictionary<Hash32, IReadOnlyList<QuorumCertificate>> EpochEndEvidence { get; } = [];

        public long TimerGeneration { get; set; }

        public Block? FindBlock(Hash32 id) => Core?.FindBlock(id) ?? Chain.Find(b => b.Id == id);

        public Block? FindCommittedAt(ulong height) => height >= 1 && height <= (ulong)Chain.Count ? Chain[(int)height - 1] : null;

        public QuorumCertificate? FindQc(Hash32 id) => QcById.TryGetValue(id, out QuorumCertificate? qc) ? qc : Core?.FindQc(id);

        public IReadOnlyList<QuorumCertificate>? FindEpochEndEvidence(Hash32 id) =>
            EpochEndEvidence.TryGetValue(id, out IReadOnlyList<QuorumCertificate>? rest) ? rest : null;
    }
}
