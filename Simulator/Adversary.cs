using Ledger.Consensus;
using Ledger.Consensus.Messages;
using Ledger.Crypto;

namespace Ledger.Simulator;

/// <summary>
/// Sends a node's outgoing messages, rewriting them for Byzantine validators. Byzantine validators
/// run the honest core underneath (so they take part plausibly) and misbehave on the way out.
/// </summary>
internal sealed partial class Adversary(Simulator sim, Random rng)
{
    private const long FarAhead = 1_000;

    /// <summary>Per Byzantine validator: conflicting pairs delivered to an honest replica after stabilisation.</summary>
    public Dictionary<int, int> EquivocationsShownToHonest { get; } = [];

    public void OnProposal(SimNode node, Proposal proposal)
    {
        switch (node.Behaviour)
        {
            case ByzantineBehaviour.EquivocatingLeader:
                Equivocate(node, proposal);
                break;
            case ByzantineBehaviour.StaleForkLeader:
                ForkOnStaleQc(node, proposal);
                break;
            case ByzantineBehaviour.ForgedSignatures:
                // A copy whose QC has genuine data but forged signatures goes first, then a copy
                // with a corrupted proposer signature, then the real one.
                Block original = proposal.Block;
                QuorumCertificate forgedQc = original.Justify with
                {
                    Signatures = [.. original.Justify.Signatures.Select(s => s with { Signature = Corrupt(s.Signature) })],
                };
                var forgedJustify = new Block(Simulator.ChainId, original.Round, original.Height, original.ParentId, forgedQc,
                    original.Payload, original.TimestampMs, original.Proposer, original.Signature, original.Epoch);
                if (!original.Justify.IsGenesis)
                {
                    sim.Broadcast(node.Slot, proposal with { Block = forgedJustify });
                }

                sim.Broadcast(node.Slot, proposal with { Block = Resigned(original, Corrupt(original.Signature)) });
                sim.Broadcast(node.Slot, proposal);
                break;
            case ByzantineBehaviour.SuffixPayloadLeader when proposal.Block.PayloadLength == 0:
                ProposeSuffixPayload(node, proposal);
                break;
            case ByzantineBehaviour.StaleEpochSender:
                ProposeOnOldEpochQc(node, proposal);
                sim.Broadcast(node.Slot, proposal);
                break;
            default:
                sim.Broadcast(node.Slot, proposal);
                Misbehave(node);
                break;
        }
    }

    public void OnVote(SimNode node, int to, Vote vote)
    {
        switch (node.Behaviour)
        {
            case ByzantineBehaviour.WithholdVotes:
                return;
            case ByzantineBehaviour.DoubleVoter:
                var other = Vote.Create(Simulator.ChainId, vote.Data with { BlockId = Hash32.Sha256(vote.Data.BlockId.ToArray()) }, vote.Voter, vote.TimeMs, Key(node));
                sim.SendToValidator(node.Slot, to, vote);
                sim.SendToValidator(node.Slot, to, other);
                NoteEquivocation(node, to);
                return;
            case ByzantineBehaviour.ForgedSignatures:
                sim.SendToValidator(node.Slot, to, vote);
                sim.SendToValidator(node.Slot, to, vote with { Voter = (vote.Voter + 1) % sim.SetOf(node).Count });
                sim.SendToValidator(node.Slot, to, vote with { Signature = Corrupt(vote.Signature) });
                return;
            default:
                sim.SendToValidator(node.Slot, to, vote);
                RememberSigned(node, vote, vote.Data.Epoch);
                Misbehave(node);
                return;
        }
    }

    public void OnTimeout(SimNode node, RoundTimeout timeout)
    {
        switch (node.Behaviour)
        {
            case ByzantineBehaviour.WithholdVotes:
                return;
            case ByzantineBehaviour.DoubleVoter when timeout.HighQc.Round > 0 && LowerQc(node, timeout) is { } lower:
                // A second timeout for the round, claiming a lower QC (genesis's, or its committed root's in a later epoch) as its highest.
                RoundTimeout other = RoundTimeout.Create(Simulator.ChainId, timeout.Round, lower, null, timeout.Signer, Key(node), timeout.Epoch);
                sim.Broadcast(node.Slot, timeout);
                sim.Broadcast(node.Slot, other);
                NoteEquivocationToAll(node);
                return;
            case ByzantineBehaviour.ForgedSignatures:
                sim.Broadcast(node.Slot, timeout);
                sim.Broadcast(node.Slot, timeout with { Signer = (timeout.Signer + 1) % sim.SetOf(node).Count });
                return;
            case ByzantineBehaviour.StaleForkLeader when node.FindBlock(timeout.HighQc.BlockId) is { } highBlock:
                // Reports the QC below its real high QC, so a QC it withheld does not spread.
                sim.Broadcast(node.Slot, RoundTimeout.Create(Simulator.ChainId, timeout.Round, highBlock.Justify, null, timeout.Signer, Key(node), timeout.Epoch));
                return;
            default:
                sim.Broadcast(node.Slot, timeout);
                RememberSigned(node, timeout, timeout.Epoch);
                Misbehave(node);
                return;
        }
    }

    /// <summary>Side misbehaviour on every send: replays and far-future floods.</summary>
    private void Misbehave(SimNode node)
    {
        if (node.Behaviour == ByzantineBehaviour.ReplayOldMessages && node.Received.Count > 0)
        {
            object old = node.Received[rng.Next(node.Received.Count)];
            sim.SendToValidator(node.Slot, rng.Next(sim.Scenario.Keys), old);
        }
        else if (node.Behaviour == ByzantineBehaviour.FarFutureFlood && node.Core is { } core)
        {
            ulong round = core.CurrentRound + FarAhead + (ulong)rng.Next(1_000);
            RoundTimeout far = RoundTimeout.Create(Simulator.ChainId, round, core.HighQc, null, Math.Max(core.Self, 0), Key(node), core.Epoch);
            sim.Broadcast(node.Slot, far);
            var data = new VoteData(Hash32.Sha256(BitConverter.GetBytes(round)), round, round, core.HighQc.BlockId, round - 1, Hash32.Zero, core.Epoch);
            sim.SendToValidator(node.Slot, sim.LeaderKey(node, round + 1), Vote.Create(Simulator.ChainId, data, Math.Max(core.Self, 0), Simulator.GenesisTimeMs + sim.Now, Key(node)));
        }
    }

    private void Equivocate(SimNode node, Proposal proposal)
    {
        Block original = proposal.Block;
        byte[] payload = SimApplication.Payload(node.Slot, original.Round, node.PayloadCounter++ + 1_000_000, invalid: false);
        Block twin = Block.Create(Simulator.ChainId, original.Round, original.Justify, payload, original.TimestampMs, original.Proposer, Key(node), original.Epoch);
        var second = new Proposal(twin, proposal.LastRoundTc);
        for (int v = 0; v < sim.Scenario.Keys; v++)
        {
            if (v == node.Validator)
            {
                continue;
            }

            (Proposal first, Proposal later) = v % 2 == 0 ? (proposal, second) : (second, proposal);
            sim.SendToValidator(node.Slot, v, first);
            sim.SendToValidator(node.Slot, v, later, extraDelayMs: 30);
            NoteEquivocation(node, v);
        }
    }

    /// <summary>
    /// In a round entered through a QC, shows its proposal (whose QC may complete a commit) to one
    /// honest replica only, so the others time out. In a round entered through a TC, proposes a sibling
    /// of its high QC's block (which the favoured replica may have committed), which the TC rule forbids, and votes for it. Correct voting rules refuse it; a weakened rule forks.
    /// </summary>
    private void ForkOnStaleQc(SimNode node, Proposal proposal)
    {
        ValidatorSet set = sim.SetOf(node);
        int[] honest = [.. Enumerable.Range(0, set.Count).Select(i => sim.KeyOf(set, i)).Where(v => !sim.Scenario.Byzantine.ContainsKey(v))];
        if (proposal.LastRoundTc is null)
        {
            if (honest.Length > 0)
            {
                // The adversary owns the network before GST: it also holds back the favoured replica's
                // messages, so its news (the QC in this proposal) reaches the others late.
                int favoured = honest[rng.Next(honest.Length)];
                sim.Log($"v{node.Validator} shows {proposal.Block} only to v{favoured}");
                sim.SendToValidator(node.Slot, favoured, proposal);
                sim.HoldBackBeforeGst(favoured, 2_500);
            }

            return;
        }

        Block? b2 = node.FindBlock(proposal.Block.Justify.BlockId);
        if (b2 is null)
        {
            sim.Broadcast(node.Slot, proposal);
            return;
        }

        byte[] payload = SimApplication.Payload(node.Slot, proposal.Round, node.PayloadCounter++ + 2_000_000, invalid: false);
        Block fork = Block.Create(Simulator.ChainId, proposal.Round, b2.Justify, payload, proposal.Block.TimestampMs, proposal.Block.Proposer, Key(node), proposal.Block.Epoch);
        sim.Log($"v{node.Validator} proposes stale fork {fork} after TC {proposal.LastRoundTc.Round}");
        sim.Broadcast(node.Slot, new Proposal(fork, proposal.LastRoundTc));

        // Back the fork with this validator's own vote (the simulated application's state root).
        Hash32 forkState = new CanonicalWriter().WriteHash(b2.Justify.Data.StateRoot).WriteHash(fork.PayloadHash).Hash();
        var data = new VoteData(fork.Id, fork.Round, fork.Height, fork.ParentId, fork.Justify.Round, forkState, fork.Epoch);
        sim.SendToValidator(node.Slot, sim.LeaderKey(node, fork.Round + 1), Vote.Create(Simulator.ChainId, data, proposal.Block.Proposer, fork.TimestampMs, Key(node)));
    }

    private void NoteEquivocation(SimNode node, int toValidator)
    {
        if (sim.Now >= sim.Scenario.StabilisationMs && !sim.Scenario.Byzantine.ContainsKey(toValidator))
        {
            EquivocationsShownToHonest[node.Validator] = EquivocationsShownToHonest.GetValueOrDefault(node.Validator) + 1;
        }
    }

    private void NoteEquivocationToAll(SimNode node)
    {
        for (int v = 0; v < sim.Scenario.Keys; v++)
        {
            if (v != node.Validator)
            {
                NoteEquivocation(node, v);
            }
        }
    }

    private static Ledger.Crypto.SigningKey Key(SimNode node) => SimKeys.Validator(node.Validator);

    private static Signature Corrupt(Signature signature)
    {
        byte[] bytes = signature.ToArray();
        bytes[7] ^= 0x10;
        return new Signature(bytes);
    }

    private static Block Resigned(Block block, Signature signature) =>
        new(Simulator.ChainId, block.Round, block.Height, block.ParentId, block.Justify, block.Payload, block.TimestampMs, block.Proposer, signature, block.Epoch);

    /// <summary>A QC below the timeout's, for a second conflicting timeout: genesis's in epoch 0, else the committed root's (null when it is not lower).</summary>
    private static QuorumCertificate? LowerQc(SimNode node, RoundTimeout timeout)
    {
        if (timeout.Epoch == 0)
        {
            return QuorumCertificate.Genesis(Simulator.ChainId, Hash32.Sha256("sim-genesis"u8));
        }

        return node.Core is { } core && core.Committed.Qc.Round < timeout.HighQc.Round && core.Committed.Qc.Data.Epoch == timeout.Epoch ? core.Committed.Qc : null;
    }
}
