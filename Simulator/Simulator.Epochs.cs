using Ledger.Consensus;
using Ledger.Consensus.Core;
using Ledger.Consensus.Messages;
using Ledger.Crypto;

namespace Ledger.Simulator;

/// <summary>
/// Validator-set changes: every replica runs with one key (<see cref="SimNode.Validator"/> is its
/// <see cref="SimKeys"/> index) while its core numbers validators by the current epoch's set, so
/// the indices a core names (a vote's leader, a sync peer) are mapped to keys here; replicas not in
/// the set receive every broadcast and follow. Crashes scripted at an epoch boundary
/// (<see cref="SimEpochCrash"/>) fire here, when the replica reaches that point.
/// </summary>
internal sealed partial class Simulator
{
    /// <summary>The set of each epoch some replica committed into (epoch 0: genesis's).</summary>
    private readonly Dictionary<ulong, ValidatorSet> _committedSets = [];
    private readonly HashSet<SimEpochCrash> _epochCrashesFired = [];
    private readonly Dictionary<PublicKey, int> _keyIndex = Enumerable.Range(0, SimKeys.Count).ToDictionary(k => SimKeys.Validator(k).PublicKey);
    private int _epochRestartsPending;
    private int _epochEndsByByzantineProposer;

    /// <summary>The set a node's core runs with now (genesis's while it is down).</summary>
    internal ValidatorSet SetOf(SimNode node) => node.Core?.Validators ?? _validators;

    /// <summary>The key (<see cref="SimKeys"/> index) of validator <paramref name="index"/> in <paramref name="set"/>; -1 when there is none.</summary>
    internal int KeyOf(ValidatorSet set, int index) => set.IsValidIndex(index) ? _keyIndex[set.KeyOf(index)] : -1;

    /// <summary>The key of the leader of <paramref name="round"/> in the node's current set.</summary>
    internal int LeaderKey(SimNode node, ulong round) => KeyOf(SetOf(node), SetOf(node).LeaderOf(round));

    /// <summary>The set of <paramref name="epoch"/> as far as this node can know it (its core's, else a committed one's).</summary>
    private ValidatorSet SetOfEpoch(SimNode node, ulong epoch) =>
        node.Core is { } core && core.Epoch == epoch ? core.Validators : _committedSets.GetValueOrDefault(epoch) ?? SetOf(node);

    /// <summary>The index of <paramref name="key"/> in the node's current set (-1 when it is not a member).</summary>
    private int IndexIn(SimNode node, int key) => SetOf(node).IndexOf(SimKeys.Validator(key).PublicKey);

    /// <summary>The epoch a node's stored chain is in: of its last committed block's state.</summary>
    private EpochChange EpochOf(SimNode node) =>
        node.LastCommitted is { } last ? _epochs.Of(last.Qc.Data.StateRoot) ?? _epochs.Genesis : _epochs.Genesis;

    /// <summary>When a commit's last block ended its epoch: the epoch it entered.</summary>
    private EpochChange? EnteredBy(CommitBlocks commit) =>
        _epochs.Of(commit.Blocks[^1].Qc.Data.StateRoot) is { } after && after.Epoch > commit.Blocks[^1].Block.Epoch ? after : null;

    /// <summary>Bookkeeping once a node stored the commit of an epoch-ending block.</summary>
    private void OnEpochEntered(SimNode node, Block end, EpochChange next)
    {
        _committedSets.TryAdd(next.Epoch, next.Validators);
        _checker.OnEpochEntered(node, end, next);
        if (node.IsHonest && _checker.NoteEpochEnd(next.Epoch) && _scenario.Byzantine.ContainsKey(KeyOf(SetOfEpoch(node, end.Epoch), end.Proposer)))
        {
            _epochEndsByByzantineProposer++;
        }

        Log($"slot {node.Slot} (v{node.Validator}) enters epoch {next.Epoch}: keys {{{string.Join(',', next.Validators.Keys.Select(k => _keyIndex[k]))}}}");
    }

    /// <summary>
    /// Whether a scripted crash fires for this node at <paramref name="point"/> of the boundary into
    /// <paramref name="epoch"/>; if so the node is down from now, its restart scheduled.
    /// </summary>
    private bool EpochCrash(SimNode node, ulong epoch, EpochCrashPoint point)
    {
        SimEpochCrash? crash = _scenario.EpochCrashes.FirstOrDefault(c =>
            c.Slot == node.Slot && (ulong)c.Change + 1 == epoch && c.Point == point && !_epochCrashesFired.Contains(c));
        if (crash is null || !node.IsHonest || !node.IsUp)
        {
            return false;
        }

        _epochCrashesFired.Add(crash);
        Log($"slot {node.Slot} (v{node.Validator}) crashes {point} of epoch {epoch} for {crash.DownForMs} ms");
        CrashNode(node);
        _epochRestartsPending++;
        Schedule(Now + crash.DownForMs, new SimEvent(SimEventKind.EpochRestart, node.Slot));
        foreach (SimNode other in _nodes.Where(n => n.Validator != node.Validator))
        {
            Schedule(Now + crash.DownForMs + 1, new SimEvent(SimEventKind.Reachable, other.Slot) { Peer = node.Validator });
        }

        return true;
    }

    /// <summary>
    /// The epoch part of the liveness target: no scripted restart outstanding, and every honest
    /// replica up entered the last scheduled epoch and committed a block in it.
    /// </summary>
    private bool EpochsDone() =>
        _scenario.EpochChanges == 0
        || (_epochRestartsPending == 0 && HonestUp().All(n => n.LastCommitted?.Block.Epoch == (ulong)_scenario.EpochChanges));

    private string EpochProgress() =>
        _scenario.EpochChanges == 0 ? "" : $"; epochs (of {_scenario.EpochChanges}): {string.Join(", ", HonestUp().Select(n => $"slot {n.Slot}: {n.Core?.Epoch}"))}" +
            (_epochRestartsPending > 0 ? $", {_epochRestartsPending} restart(s) pending" : "");
}
