using Ledger.Consensus.Core;
using Ledger.Consensus.Messages;
using Ledger.Crypto;

namespace Ledger.Simulator;

/// <summary>
/// Epoch-specific misbehaviour: a non-empty block after an epoch-ending block, old-epoch messages
/// after the switch (and new-epoch messages built on an old-epoch QC), messages of a future epoch,
/// and a removed validator that keeps signing under the index it had. Honest replicas must refuse
/// them all; the checker sees to it that they never vote for, commit or count any of it.
/// </summary>
internal sealed partial class Adversary
{
    private const int MaxRemembered = 32;

    /// <summary>Per slot: messages it signed, with their epoch (bounded), for re-sending after the switch.</summary>
    private readonly Dictionary<int, List<(ulong Epoch, object Message)>> _signed = [];

    /// <summary>Per slot: the highest QC it saw in each recent epoch.</summary>
    private readonly Dictionary<int, Dictionary<ulong, QuorumCertificate>> _highQcs = [];

    /// <summary>Per slot: the epochs in which it proposed on the epoch-ending block's own QC.</summary>
    private readonly HashSet<(int Slot, ulong Epoch)> _proposedOnEndQc = [];

    /// <summary>Per slot: the last epoch it was a member in and its index there.</summary>
    private readonly Dictionary<int, (ulong Epoch, int Index)> _formerIndex = [];

    /// <summary>Called after a Byzantine replica handled an input: the epoch behaviours react to proposals they receive.</summary>
    public void AfterStep(SimNode node, ConsensusInput? input)
    {
        if (node.Core is not { } core || node.IsHonest)
        {
            return;
        }

        if (core.IsMember)
        {
            _formerIndex[node.Slot] = (core.Epoch, core.Self);
        }

        if (input is not ProposalReceived { Proposal: var proposal })
        {
            return;
        }

        Note(node, proposal.Block.Justify);
        switch (node.Behaviour)
        {
            case ByzantineBehaviour.StaleEpochSender when core.Epoch > 0 && proposal.Block.Epoch == core.Epoch:
                SendOldEpochMessages(node, core);
                ProposeOnEpochEndQc(node, core);
                break;
            case ByzantineBehaviour.FutureEpochSender:
                SendFutureEpochMessages(node, core, proposal.Block);
                break;
            case ByzantineBehaviour.RemovedKeepsSending when !core.IsMember && _formerIndex.TryGetValue(node.Slot, out var former):
                SendAsFormerMember(node, core, proposal.Block, former);
                break;
            default:
                break;
        }
    }

    /// <summary>Keeps what a StaleEpochSender signed, to re-send once its epoch is over.</summary>
    private void RememberSigned(SimNode node, object message, ulong epoch)
    {
        if (node.Behaviour != ByzantineBehaviour.StaleEpochSender)
        {
            return;
        }

        List<(ulong, object)> list = _signed.TryGetValue(node.Slot, out var known) ? known : _signed[node.Slot] = [];
        if (list.Count >= MaxRemembered)
        {
            list.RemoveAt(0);
        }

        list.Add((epoch, message));
    }

    private void Note(SimNode node, QuorumCertificate qc)
    {
        Dictionary<ulong, QuorumCertificate> byEpoch = _highQcs.TryGetValue(node.Slot, out var known) ? known : _highQcs[node.Slot] = [];
        if (qc.Signatures.Count > 0 && (!byEpoch.TryGetValue(qc.Data.Epoch, out QuorumCertificate? high) || qc.Round > high.Round))
        {
            byEpoch[qc.Data.Epoch] = qc;
        }

        foreach (ulong old in byEpoch.Keys.Where(e => e + 2 < qc.Data.Epoch).ToList())
        {
            byEpoch.Remove(old);
        }
    }

    private QuorumCertificate? OldEpochQc(SimNode node, ulong epoch) =>
        epoch > 0 && _highQcs.TryGetValue(node.Slot, out var byEpoch) && byEpoch.TryGetValue(epoch - 1, out QuorumCertificate? qc) ? qc : null;

    /// <summary>As leader after an epoch-ending block: a block with a payload where only an empty one may stand, backed by its own vote.</summary>
    private void ProposeSuffixPayload(SimNode node, Proposal proposal)
    {
        Block original = proposal.Block;
        byte[] payload = SimApplication.Payload(node.Slot, original.Round, node.PayloadCounter++ + 3_000_000, invalid: false, node.Proposable());
        Block stuffed = Block.Create(Simulator.ChainId, original.Round, original.Justify, payload, original.TimestampMs, original.Proposer, Key(node), original.Epoch);
        sim.Log($"v{node.Validator} proposes non-empty suffix block {stuffed}");
        sim.Broadcast(node.Slot, proposal with { Block = stuffed });
        Hash32 state = new CanonicalWriter().WriteHash(original.Justify.Data.StateRoot).WriteHash(stuffed.PayloadHash).Hash();
        var data = new VoteData(stuffed.Id, stuffed.Round, stuffed.Height, stuffed.ParentId, stuffed.Justify.Round, state, stuffed.Epoch);
        sim.SendToValidator(node.Slot, sim.LeaderKey(node, stuffed.Round + 1), Vote.Create(Simulator.ChainId, data, original.Proposer, stuffed.TimestampMs, Key(node)));
    }

    /// <summary>As leader in a new epoch: first a block of this epoch extending its highest QC of the epoch before.</summary>
    private void ProposeOnOldEpochQc(SimNode node, Proposal proposal)
    {
        if (OldEpochQc(node, proposal.Block.Epoch) is not { } old)
        {
            return;
        }

        byte[] payload = SimApplication.Payload(node.Slot, proposal.Block.Round, node.PayloadCounter++ + 4_000_000, invalid: false);
        Block stale = Block.Create(Simulator.ChainId, proposal.Block.Round, old, payload, proposal.Block.TimestampMs, proposal.Block.Proposer, Key(node), proposal.Block.Epoch);
        sim.Log($"v{node.Validator} proposes {stale} on a QC of epoch {old.Data.Epoch}");
        sim.Broadcast(node.Slot, new Proposal(stale, proposal.LastRoundTc));
    }

    /// <summary>
    /// In a new epoch, once: when it leads the round after the epoch-ending block's own QC (of the
    /// old epoch), a block of the new epoch on that QC in place of the epoch-genesis QC - a valid
    /// round and parent, certified by the wrong epoch's set.
    /// </summary>
    private void ProposeOnEpochEndQc(SimNode node, ConsensusCore core)
    {
        if (!core.IsMember || node.LastCommitted is not { } end || end.Block.Epoch + 1 != core.Epoch
            || sim.LeaderKey(node, end.Qc.Round + 1) != node.Validator || !_proposedOnEndQc.Add((node.Slot, core.Epoch)))
        {
            return;
        }

        byte[] payload = SimApplication.Payload(node.Slot, end.Qc.Round + 1, node.PayloadCounter++ + 5_000_000, invalid: false);
        Block stale = Block.Create(Simulator.ChainId, end.Qc.Round + 1, end.Qc, payload, Math.Max(end.Block.TimestampMs + 1, Simulator.GenesisTimeMs + sim.Now),
            core.Self, Key(node), core.Epoch);
        sim.Log($"v{node.Validator} proposes {stale} on the epoch-ending block's QC of epoch {end.Qc.Data.Epoch}");
        sim.Broadcast(node.Slot, new Proposal(stale, null));
    }

    /// <summary>After the switch: an old-epoch message it signed, and a new-epoch timeout claiming its highest old-epoch QC.</summary>
    private void SendOldEpochMessages(SimNode node, ConsensusCore core)
    {
        if (_signed.TryGetValue(node.Slot, out var list) && list.Where(s => s.Epoch < core.Epoch).Select(s => s.Message).LastOrDefault() is { } old)
        {
            sim.Broadcast(node.Slot, old);
        }

        if (core.IsMember && OldEpochQc(node, core.Epoch) is { } qc)
        {
            sim.Broadcast(node.Slot, RoundTimeout.Create(Simulator.ChainId, core.CurrentRound, qc, null, core.Self, Key(node), core.Epoch));
        }
    }

    /// <summary>A vote and a timeout claiming an epoch this one has not reached.</summary>
    private void SendFutureEpochMessages(SimNode node, ConsensusCore core, Block block)
    {
        ulong epoch = core.Epoch + 1 + (ulong)rng.Next(2);
        int self = Math.Max(core.Self, 0);
        var data = new VoteData(block.Id, block.Round, block.Height, block.ParentId, block.Justify.Round, block.Justify.Data.StateRoot, epoch);
        sim.SendToValidator(node.Slot, sim.LeaderKey(node, block.Round + 1), Vote.Create(Simulator.ChainId, data, self, Simulator.GenesisTimeMs + sim.Now, Key(node)));
        sim.Broadcast(node.Slot, RoundTimeout.Create(Simulator.ChainId, core.CurrentRound, core.HighQc, null, self, Key(node), epoch));
    }

    /// <summary>Out of the set: votes and timeouts under its former index, in the current epoch and in its last one.</summary>
    private void SendAsFormerMember(SimNode node, ConsensusCore core, Block block, (ulong Epoch, int Index) former)
    {
        var data = new VoteData(block.Id, block.Round, block.Height, block.ParentId, block.Justify.Round, block.Justify.Data.StateRoot, block.Epoch);
        sim.SendToValidator(node.Slot, sim.LeaderKey(node, block.Round + 1), Vote.Create(Simulator.ChainId, data, former.Index, Simulator.GenesisTimeMs + sim.Now, Key(node)));
        sim.Broadcast(node.Slot, RoundTimeout.Create(Simulator.ChainId, core.CurrentRound, core.HighQc, null, former.Index, Key(node), core.Epoch));
        if (former.Epoch < core.Epoch && OldEpochQc(node, core.Epoch) is { } qc)
        {
            sim.Broadcast(node.Slot, RoundTimeout.Create(Simulator.ChainId, qc.Round + 1, qc, null, former.Index, Key(node), former.Epoch));
        }
    }
}
