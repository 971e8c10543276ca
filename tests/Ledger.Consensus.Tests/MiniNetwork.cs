using Ledger.Consensus.Core;
using Ledger.Consensus.Messages;
using Ledger.TestKit;

namespace Ledger.Consensus.Tests;

/// <summary>
/// Four honest cores on a perfect network in virtual time (every message arrives after
/// <see cref="DelayMs"/>), each with a miniature mempool: transactions are single bytes, a
/// payload is the bytes a leader has not yet seen in a block, an executed block's transactions
/// leave every mempool's pending set and the core hears <see cref="WorkPending"/> whenever that
/// set turns empty or non-empty, as the node reports it. For pacemaker tests that need the whole
/// round trip (proposals, votes, commits) without the simulator's adversary.
/// </summary>
internal sealed class MiniNetwork
{
    public const long DelayMs = 5;

    private readonly ConsensusBuilder _b = new(4);
    private readonly Member[] _members;
    private readonly PriorityQueue<Action, (long, long)> _events = new();
    private long _sequence;
    private HashSet<int>? _cut;

    /// <param name="lostRecords">Every replica starts without a safety record (<see cref="Safety.SafetyData.Lost"/>), as a new network's do.</param>
    public MiniNetwork(ConsensusParameters? parameters = null, bool lostRecords = false)
    {
        Parameters = parameters ?? ConsensusParameters.ForTests();
        Safety.SafetyData start = lostRecords ? Safety.SafetyData.Lost : Safety.SafetyData.Initial;
        _members = [.. Enumerable.Range(0, 4).Select(i => new Member(new ConsensusCore(_b.Config(i, Parameters), start, _b.GenesisRoot)))];
    }

    /// <summary>The core of each validator (read only: to look at its state).</summary>
    public ConsensusCore CoreOf(int validator) => _members[validator].Core;

    public ConsensusParameters Parameters { get; }

    /// <summary>Virtual milliseconds since genesis.</summary>
    public long Now { get; private set; }

    public int Proposals { get; private set; }

    public int Timeouts { get; private set; }

    public IReadOnlyList<(long AtMs, Block Block)> ProposalLog => _proposalLog;

    private readonly List<(long AtMs, Block Block)> _proposalLog = [];

    /// <summary>Committed height per validator.</summary>
    public ulong CommittedHeight(int validator) => _members[validator].Core.Committed.Height;

    /// <summary>When each validator committed the block holding <paramref name="transaction"/>, or null.</summary>
    public long? CommittedAt(int validator, byte transaction) =>
        _members[validator].CommittedTransactions.TryGetValue(transaction, out long at) ? at : null;

    public void Start()
    {
        foreach (Member member in _members)
        {
            var local = new Queue<ConsensusInput>();
            Apply(member, member.Core.Start(ConsensusBuilder.GenesisTimeMs + Now, workPending: false), local);
            Drain(member, local);
        }
    }

    /// <summary>A client submits a transaction; gossip gives it to every validator at once.</summary>
    public void Submit(byte transaction)
    {
        foreach (Member member in _members)
        {
            member.Pending.Add(transaction);
            Feed(member, new WorkPending(true));
        }
    }

    /// <summary>From now on messages between <paramref name="side"/> and the others are lost.</summary>
    public void Partition(params int[] side) => _cut = [.. side];

    /// <summary>
    /// Ends the partition; when <paramref name="announce"/>, every replica hears that the peers it
    /// could not reach are reachable again, as a node's links tell it.
    /// </summary>
    public void Heal(bool announce = true)
    {
        HashSet<int> side = _cut ?? [];
        _cut = null;
        if (!announce)
        {
            return;
        }

        for (int v = 0; v < _members.Length; v++)
        {
            foreach (int peer in Enumerable.Range(0, _members.Length).Where(p => side.Contains(p) != side.Contains(v)))
            {
                Feed(_members[v], new PeerReachable(peer));
            }
        }
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

    private void Schedule(long delay, Action action) => _events.Enqueue(action, (Now + delay, _sequence++));

    private void Feed(Member member, ConsensusInput input)
    {
        var local = new Queue<ConsensusInput>();
        local.Enqueue(input);
        Drain(member, local);
    }

    /// <summary>Hands the inputs to the core, and what they cause locally (execution, payloads) after them, as the node's loop does.</summary>
    private void Drain(Member member, Queue<ConsensusInput> local)
    {
        while (local.TryDequeue(out ConsensusInput? next))
        {
            Apply(member, member.Core.Handle(next, ConsensusBuilder.GenesisTimeMs + Now), local);
        }
    }

    private void Apply(Member member, ConsensusOutputs outputs, Queue<ConsensusInput> local)
    {
        foreach (ConsensusAction action in outputs.Actions)
        {
            switch (action)
            {
                case BroadcastProposal p:
                    Proposals++;
                    _proposalLog.Add((Now, p.Proposal.Block));
                    Broadcast(member, new ProposalReceived(p.Proposal));
                    break;
                case SendVote v:
                    Deliver(member, _members[v.To], new VoteReceived(v.Vote));
                    break;
                case Resend r:
                    Deliver(member, _members[r.To], r.Message switch
                    {
                        Proposal p => new ProposalReceived(p),
                        Vote v => new VoteReceived(v),
                        RoundTimeout t => new TimeoutReceived(t),
                        _ => throw new InvalidOperationException("unexpected message"),
                    });
                    break;
                case BroadcastTimeout t:
                    Timeouts++;
                    Broadcast(member, new TimeoutReceived(t.Timeout));
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
                case ExecuteBlock x:
                    byte[] payload = x.Block.Payload.ToArray();
                    bool hadWork = member.Pending.Count > 0;
                    member.Pending.ExceptWith(payload);
                    local.Enqueue(new BlockExecuted(x.Block.Id, ConsensusBuilder.StateAfter(x.ParentStateRoot, x.Block), payload.Length == 0));
                    if (hadWork && member.Pending.Count == 0)
                    {
                        local.Enqueue(new WorkPending(false));
                    }

                    break;
                case RequestPayload r:
                    local.Enqueue(new PayloadReady(r.Round, [.. member.Pending.Order()]));
                    break;
                case AskSignedRounds:
                    // Each ask gets its own challenge; every other member answers it after the delay.
                    var challenge = Crypto.Hash32.Sha256(BitConverter.GetBytes(++_sequence));
                    foreach (Member peer in _members.Where(m => m != member))
                    {
                        Member asker = member;
                        Deliver(peer, asker, () => peer.Core.AnswerSignedRound(challenge) is { } answer ? new SignedRoundReceived(answer, challenge) : null);
                    }

                    break;
                case CommitBlocks c:
                    foreach (CommittedBlock committed in c.Blocks)
                    {
                        foreach (byte transaction in committed.Block.Payload)
                        {
                            member.CommittedTransactions.TryAdd(transaction, Now);
                        }
                    }

                    break;
                default:
                    break;
            }
        }
    }

    private void Broadcast(Member from, ConsensusInput input)
    {
        foreach (Member member in _members.Where(m => m != from))
        {
            Deliver(from, member, input);
        }
    }

    private void Deliver(Member from, Member to, ConsensusInput input) => Deliver(from, to, () => input);

    /// <summary>Delivers what <paramref name="input"/> makes at delivery time (null: nothing), unless the partition cuts the pair.</summary>
    private void Deliver(Member from, Member to, Func<ConsensusInput?> input)
    {
        int a = Array.IndexOf(_members, from);
        int b = Array.IndexOf(_members, to);
        if (_cut is { } side && side.Contains(a) != side.Contains(b))
        {
            return;
        }

        Schedule(DelayMs, () =>
        {
            if (input() is { } made)
            {
                Feed(to, made);
            }
        });
    }

    private sealed class Member(ConsensusCore core)
    {
        public ConsensusCore Core { get; } = core;

        public HashSet<byte> Pending { get; } = [];

        public Dictionary<byte, long> CommittedTransactions { get; } = [];

        public long TimerGeneration { get; set; }
    }
}
