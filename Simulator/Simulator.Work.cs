using Ledger.Consensus.Core;
using Ledger.Consensus.Messages;

namespace Ledger.Simulator;

/// <summary>
/// Client work and link news, as a node gives them to its core: transactions reach each replica's
/// mempool after their own delay, the replica reports whether it holds anything to propose
/// (<see cref="WorkPending"/>), and when a partition heals or a crashed replica returns, the
/// replicas whose messages were lost hear that their peers are reachable again (<see cref="PeerReachable"/>).
/// </summary>
internal sealed partial class Simulator
{
    /// <summary>Transactions reach every replica, each after its own delay (clients submit to several nodes; gossip is not lost).</summary>
    private void ScheduleWorkload()
    {
        var delays = new Random(_scenario.Seed ^ 0x7a7a);
        foreach (SimTransaction transaction in _scenario.Workload)
        {
            foreach (SimNode node in _nodes)
            {
                Schedule(transaction.AtMs + 1 + delays.Next(_scenario.MaxDelayAfterGstMs), new SimEvent(SimEventKind.Submit, node.Slot) { Transaction = transaction.Id });
            }
        }
    }

    /// <summary>
    /// A healed partition: each side's links to the other work again. A restart: the others'
    /// links to the restarted replica do (its own links start afresh and never failed).
    /// </summary>
    private void ScheduleReachability()
    {
        foreach (SimPartition partition in _scenario.Partitions)
        {
            foreach (SimNode node in _nodes)
            {
                foreach (SimNode peer in _nodes.Where(p => p.Validator != node.Validator && partition.GroupA.Contains(p.Slot) != partition.GroupA.Contains(node.Slot)))
                {
                    Schedule(partition.HealAtMs, new SimEvent(SimEventKind.Reachable, node.Slot) { Peer = peer.Validator });
                }
            }
        }

        foreach (SimCrash crash in _scenario.Crashes)
        {
            int restarted = _nodes[crash.Slot].Validator;
            foreach (SimNode node in _nodes.Where(n => n.Validator != restarted))
            {
                Schedule(crash.RestartAtMs + 1, new SimEvent(SimEventKind.Reachable, node.Slot) { Peer = restarted });
            }
        }
    }

    /// <summary>Submission time of each transaction, and when the last honest replica so far committed it.</summary>
    private readonly Dictionary<int, (long SubmittedMs, long CommittedMs)> _latency = [];

    private void OnTransactionsCommitted(SimNode node, Block block)
    {
        if (!node.IsHonest)
        {
            return;
        }

        foreach (int id in SimApplication.Transactions(block.Payload))
        {
            long submitted = _scenario.Workload.FirstOrDefault(t => t.Id == id)?.AtMs ?? Now;
            _latency[id] = (submitted, Now);
        }
    }

    private long? MaxTransactionLatencyMs() =>
        _latency.Count == 0 ? null : _latency.Values.Max(l => l.CommittedMs - l.SubmittedMs);

    /// <summary>Counts what the idle and time tests look at: honest round timeouts and empty proposals.</summary>
    private void CountHonest(SimNode node, ConsensusAction action)
    {
        if (!node.IsHonest)
        {
            return;
        }

        if (action is BroadcastTimeout t)
        {
            _honestTimeouts.Add((node.Slot, t.Timeout.Round));
        }
        else if (action is BroadcastProposal p && SimApplication.Transactions(p.Proposal.Block.Payload).Count == 0)
        {
            _honestEmptyProposals++;
        }
    }

    private void CountRefusals(SimNode node, IReadOnlyList<MessageRejected> rejections)
    {
        if (node.IsHonest)
        {
            _skewedProposalsRefused += rejections.Count(r => r.Kind == "proposal"
                && _scenario.Byzantine.TryGetValue(r.ClaimedSender, out ByzantineBehaviour b) && b == ByzantineBehaviour.SkewedClock);
        }
    }

    private void OnSubmit(SimNode node, int transaction)
    {
        // A replica that is down loses what clients send it, as a node's mempool does.
        if (node.IsUp && !node.CommittedTransactions.Contains(transaction))
        {
            node.Pending.Add(transaction);
            Feed(node, null);
        }
    }

    /// <summary>Tells the core when the replica's mempool turns from nothing to propose to something, or back.</summary>
    private void ReportWork(SimNode node, Queue<ConsensusInput> pending)
    {
        bool work = node.Proposable().Count > 0;
        if (work != node.ReportedWork)
        {
            node.ReportedWork = work;
            pending.Enqueue(new WorkPending(work));
        }
    }

    /// <summary>Every transaction submitted so far is committed by every honest replica that is up, and no more will come.</summary>
    private bool WorkDone() =>
        (_scenario.Workload.Count == 0 || Now > _scenario.Workload[^1].AtMs + _scenario.MaxDelayAfterGstMs)
        && HonestUp().All(n => _scenario.Workload.All(t => n.CommittedTransactions.Contains(t.Id)));

    /// <summary>How far an honest replica's clock is off (the scenario's per-slot offsets).</summary>
    private long MaxClockOffsetMs => _scenario.ClockOffsetsMs.Select(Math.Abs).DefaultIfEmpty(0).Max();

    private string UncommittedWork()
    {
        var missing = HonestUp()
            .Select(n => (n.Slot, Ids: _scenario.Workload.Where(t => !n.CommittedTransactions.Contains(t.Id)).Select(t => t.Id).ToList()))
            .Where(m => m.Ids.Count > 0)
            .Select(m => $"slot {m.Slot} lacks transactions {string.Join(',', m.Ids.Take(8))}{(m.Ids.Count > 8 ? "..." : "")}");
        return string.Join("; ", missing);
    }
}
