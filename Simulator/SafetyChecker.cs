using Ledger.Consensus;
using Ledger.Consensus.Core;
using Ledger.Consensus.Messages;
using Ledger.Consensus.Safety;
using Ledger.Consensus.Verification;
using Ledger.Crypto;

namespace Ledger.Simulator;

/// <summary>
/// The checks run after every simulated step: no two honest replicas commit different blocks at
/// one height; each replica commits heights in order; every committed block has a valid QC chain
/// (each QC a quorum of distinct valid signers) ending in a two-chain; no honest replica commits an
/// invalid payload or halts; memory stays bounded; evidence is genuine; every committed block's
/// time lies within the window around its QC's median clock and within what honest clocks read
/// between its proposal and its commit (BFT time); no honest validator signs two conflicting
/// proposals, votes or timeouts for a round, across restarts (<see cref="HonestSignatures"/>); and, at the end,
/// equivocations shown to honest replicas were detected. Across validator-set changes: each replica's commits form one chain,
/// each block of the epoch its parent's state is in (so commits stop at the epoch-ending block),
/// its commit evidence valid for that epoch's set; every honest replica ends each epoch with the same
/// block and enters the next with the same set; an honest replica signs only in epochs whose set
/// holds its key, under its index there, and never votes for a block with a payload after an
/// epoch-ending block. The first failure is kept.
/// </summary>
internal sealed class SafetyChecker(ValidatorSet validators, MessageVerifier verifier, ConsensusParameters parameters, SimEpochLedger epochs, ISignatureVerifier signatures)
{
    private readonly Dictionary<ulong, (Hash32 Id, int Slot)> _committed = [];
    private readonly Dictionary<ulong, (ValidatorSet Set, MessageVerifier Verifier)> _epochs = new() { [0] = (validators, verifier) };
    private readonly Dictionary<ulong, (Hash32 EndId, int Slot)> _epochEnds = [];
    private readonly Dictionary<int, (Hash32 Id, Hash32 State)> _lastBySlot = [];
    private readonly HashSet<ulong> _countedEpochs = [];
    private readonly Dictionary<int, ulong> _heightBySlot = [];
    private readonly HashSet<int> _accused = [];
    private readonly HonestSignatures _honestSignatures = new();

    public string? Failure { get; private set; }

    public ulong HighestHeight { get; private set; }

    public int EvidenceReports { get; private set; }

    /// <summary>Blocks in the store, plus per-round votes, timeouts and records within the round window.</summary>
    private int MemoryBound => parameters.MaxStoredBlocks + (8 * ((int)parameters.MaxRoundsAhead + 4) * _epochs.Values.Max(e => e.Set.Count)) + 64;

    public void OnCommit(SimNode node, CommitBlocks commit)
    {
        if (!node.IsHonest || Failure is not null)
        {
            return;
        }

        ulong expected = _heightBySlot.GetValueOrDefault(node.Slot, node.CommittedHeight) + 1;
        for (int i = 0; i < commit.Blocks.Count; i++)
        {
            CommittedBlock committed = commit.Blocks[i];
            Block block = committed.Block;
            if (block.Height != expected)
            {
                Fail($"slot {node.Slot} committed height {block.Height}, expected {expected}");
                return;
            }

            expected++;
            if (CheckChainAndEpoch(node, block) is { } broken)
            {
                Fail(broken);
                return;
            }

            _lastBySlot[node.Slot] = (block.Id, committed.Qc.Data.StateRoot);
            if (_committed.TryGetValue(block.Height, out var other) && other.Id != block.Id)
            {
                Fail($"FORK at height {block.Height}: slot {other.Slot} committed {other.Id.ToShortHex()}, slot {node.Slot} committed {block.Id.ToShortHex()}");
                return;
            }

            _committed[block.Height] = (block.Id, node.Slot);
            HighestHeight = Math.Max(HighestHeight, block.Height);
            if (committed.Qc.BlockId != block.Id || committed.Qc.Round != block.Round || committed.Qc.Height != block.Height)
            {
                Fail($"slot {node.Slot}: QC of committed block {block} certifies another block");
                return;
            }

            if (CommitEvidence.Verify(block.Id, commit.EvidenceFor(i), _epochs[block.Epoch].Verifier) is { } error)
            {
                Fail($"slot {node.Slot}: committed block {block} lacks a valid QC chain: {error}");
                return;
            }

            if (!SimApplication.IsValid(block.Payload))
            {
                Fail($"slot {node.Slot} committed {block} with an invalid payload");
                return;
            }
        }

        _heightBySlot[node.Slot] = expected - 1;
    }

    /// <summary>
    /// A committed block extends the block this replica committed before (genesis first), is of the
    /// epoch that block's state is in and is justified by a QC of its own epoch (the epoch-genesis QC
    /// first); that epoch was entered by an honest replica.
    /// </summary>
    private string? CheckChainAndEpoch(SimNode node, Block block)
    {
        (Hash32 parentId, Hash32 parentState) = _lastBySlot.TryGetValue(node.Slot, out var last) ? last
            : node.LastCommitted is { } stored ? (stored.Block.Id, stored.Qc.Data.StateRoot)
            : (QuorumCertificate.GenesisBlockId(Simulator.ChainId, Simulator.GenesisStateRoot), Simulator.GenesisStateRoot);
        if (block.ParentId != parentId)
        {
            return $"slot {node.Slot} committed {block}, whose parent is not the block it committed before ({parentId.ToShortHex()})";
        }

        if (epochs.Of(parentState) is { } parentEpoch && parentEpoch.Epoch != block.Epoch)
        {
            return $"slot {node.Slot} committed {block} of epoch {block.Epoch} after a block whose state is in epoch {parentEpoch.Epoch} " +
                "(commits must stop at the epoch-ending block)";
        }

        if (block.Justify.Data.Epoch != block.Epoch)
        {
            return $"slot {node.Slot} committed {block}, justified by a QC of epoch {block.Justify.Data.Epoch}";
        }

        return _epochs.ContainsKey(block.Epoch) ? null : $"slot {node.Slot} committed {block} of epoch {block.Epoch}, which no honest replica entered";
    }

    /// <summary>
    /// An honest replica stored the commit of <paramref name="end"/>, which ended its epoch: every
    /// honest replica ends that epoch with the same block and enters the next with the same set,
    /// and its core is in that epoch now.
    /// </summary>
    public void OnEpochEntered(SimNode node, Block end, EpochChange next)
    {
        if (!node.IsHonest || Failure is not null)
        {
            return;
        }

        if (_epochEnds.TryGetValue(next.Epoch, out var other) && other.EndId != end.Id)
        {
            Fail($"EPOCH FORK: slot {other.Slot} ended epoch {next.Epoch - 1} with {other.EndId.ToShortHex()}, slot {node.Slot} with {end}");
            return;
        }

        _epochEnds.TryAdd(next.Epoch, (end.Id, node.Slot));
        if (_epochs.TryGetValue(next.Epoch, out var known))
        {
            if (!known.Set.Keys.SequenceEqual(next.Validators.Keys))
            {
                Fail($"slot {node.Slot} entered epoch {next.Epoch} with a set other than another honest replica's");
                return;
            }
        }
        else
        {
            _epochs[next.Epoch] = (next.Validators, new MessageVerifier(Simulator.ChainId, next.Validators, signatures, null, next.Epoch));
        }

        if (node.Core is { } core && core.Epoch < next.Epoch)
        {
            Fail($"slot {node.Slot} committed {end}, which ends epoch {end.Epoch}, and stayed in epoch {core.Epoch}");
        }
    }

    /// <summary>Whether <paramref name="epoch"/>'s start is news (counted once per epoch).</summary>
    public bool NoteEpochEnd(ulong epoch) => _countedEpochs.Add(epoch);

    /// <summary>
    /// BFT time for a block an honest replica commits: its QC's median signer clock admits its
    /// timestamp, and the timestamp is no further behind the true time of its proposal, nor ahead
    /// of the true time of this commit, than a voter admits plus the honest clocks' largest offset.
    /// Blocks the adversary built outside a proposal have no proposal time; only the first checks apply.
    /// </summary>
    public void CheckBlockTime(SimNode node, CommittedBlock committed, long? proposedAtMs, long nowMs, long maxClockOffsetMs)
    {
        if (!node.IsHonest || Failure is not null)
        {
            return;
        }

        Block block = committed.Block;
        if (parameters.TimeWindow.CheckCertified(block, committed.Qc) is { } error)
        {
            Fail($"slot {node.Slot} committed {block} whose QC does not bound its time: {error}");
            return;
        }

        long earliest = proposedAtMs is { } at ? at - parameters.MaxBlockTimeBehindMs - maxClockOffsetMs : long.MinValue;
        long latest = nowMs + parameters.MaxBlockTimeAheadMs + maxClockOffsetMs;
        if (block.TimestampMs < earliest || block.TimestampMs > latest)
        {
            Fail($"slot {node.Slot} committed {block} with timestamp {block.TimestampMs}, outside the honest clocks' [{earliest}, {latest}] (proposed at {proposedAtMs}, committed at {nowMs})");
        }
    }

    public void OnEvidence(SimNode node, EquivocationEvidence evidence)
    {
        if (!node.IsHonest || Failure is not null)
        {
            return;
        }

        EvidenceReports++;
        if (Genuine(evidence) is { } problem)
        {
            Fail($"slot {node.Slot} reported bogus equivocation evidence against {evidence.Offender}: {problem}");
            return;
        }

        _accused.Add(evidence.Offender);
    }

    /// <summary>Persisted safety data never moves backwards (a new epoch starts its rounds afresh; the epoch never falls).</summary>
    public void OnPersist(SimNode node, SafetyData before, SafetyData after)
    {
        if (node.IsHonest && after.Epoch < before.Epoch)
        {
            Fail($"slot {node.Slot} persisted safety data of epoch {after.Epoch} over epoch {before.Epoch}");
            return;
        }

        if (node.IsHonest && after.Epoch == before.Epoch
            && (after.HighestVotedRound < before.HighestVotedRound || after.HighestQcRound < before.HighestQcRound || after.HighestProposedRound < before.HighestProposedRound))
        {
            Fail($"slot {node.Slot} persisted safety data going backwards: voted {before.HighestVotedRound} -> {after.HighestVotedRound}, " +
                $"qc {before.HighestQcRound} -> {after.HighestQcRound}, proposed {before.HighestProposedRound} -> {after.HighestProposedRound}");
        }
    }

    /// <summary>Every proposal, vote or timeout an honest replica sends is covered by safety data already persisted.</summary>
    public void BeforeSend(SimNode node, ConsensusAction action)
    {
        if (!node.IsHonest)
        {
            return;
        }

        if (_honestSignatures.Check(node, action) is { } equivocation)
        {
            Fail(equivocation);
            return;
        }

        // The epoch's last timeout (sent as the replica enters the next epoch) was covered by the old
        // epoch's record, which the new epoch's replaced: rounds compare within one epoch only.
        (ulong Round, ulong Epoch)? signed = action switch
        {
            SendVote v => (v.Vote.Round, v.Vote.Data.Epoch),
            BroadcastTimeout t => (t.Timeout.Round, t.Timeout.Epoch),
            _ => null,
        };
        if (signed is { } s && s.Epoch > node.Persisted.Epoch)
        {
            Fail($"slot {node.Slot} signed a vote or timeout of epoch {s.Epoch} before persisting that epoch (persisted epoch {node.Persisted.Epoch})");
        }

        if (signed is { } same && same.Epoch == node.Persisted.Epoch && same.Round > node.Persisted.HighestVotedRound && same.Round is var r)
        {
            Fail($"slot {node.Slot} sent a vote or timeout for round {r} before persisting (persisted voted round {node.Persisted.HighestVotedRound})");
        }

        if (action is BroadcastProposal { Proposal.Block: var proposed }
            && (proposed.Epoch > node.Persisted.Epoch || (proposed.Epoch == node.Persisted.Epoch && proposed.Round > node.Persisted.HighestProposedRound)))
        {
            Fail($"slot {node.Slot} sent a proposal for round {proposed.Round} of epoch {proposed.Epoch} before persisting it " +
                $"(persisted epoch {node.Persisted.Epoch}, proposed round {node.Persisted.HighestProposedRound})");
        }

        CheckSignedAsMember(node, action);
        if (ForeignQc(node, action) is { } foreign)
        {
            Fail(foreign);
            return;
        }

        if (action is SendVote vote && node.FindBlock(vote.Vote.Data.BlockId) is { PayloadLength: > 0 } voted
            && epochs.Of(voted.Justify.Data.StateRoot) is { } parentEpoch && parentEpoch.Epoch > voted.Epoch)
        {
            Fail($"slot {node.Slot} voted for {voted}, which follows an epoch-ending block and carries a payload");
        }
    }

    /// <summary>An honest replica's proposal, vote or timeout never rests on a QC of another epoch than its own.</summary>
    private static string? ForeignQc(SimNode node, ConsensusAction action)
    {
        (string Kind, ulong Epoch, QuorumCertificate? Qc)? signed = action switch
        {
            BroadcastProposal p => ("proposal", p.Proposal.Block.Epoch, p.Proposal.Block.Justify),
            BroadcastTimeout t => ("timeout", t.Timeout.Epoch, t.Timeout.HighQc),
            SendVote v => ("vote", v.Vote.Data.Epoch, node.FindBlock(v.Vote.Data.BlockId)?.Justify),
            _ => null,
        };
        return signed is { Qc: { } qc } s && qc.Data.Epoch != s.Epoch
            ? $"slot {node.Slot} signed a {s.Kind} of epoch {s.Epoch} resting on a QC of epoch {qc.Data.Epoch} (round {qc.Round})"
            : null;
    }

    /// <summary>What an honest replica signs is of an epoch whose set holds its key, under its index in that set.</summary>
    private void CheckSignedAsMember(SimNode node, ConsensusAction action)
    {
        (string Kind, ulong Epoch, int Signer)? signed = action switch
        {
            SendVote v => ("vote", v.Vote.Data.Epoch, v.Vote.Voter),
            BroadcastTimeout t => ("timeout", t.Timeout.Epoch, t.Timeout.Signer),
            BroadcastProposal p => ("proposal", p.Proposal.Block.Epoch, p.Proposal.Block.Proposer),
            _ => null,
        };
        if (signed is not { } s)
        {
            return;
        }

        if (!_epochs.TryGetValue(s.Epoch, out var epoch))
        {
            Fail($"slot {node.Slot} signed a {s.Kind} of epoch {s.Epoch}, which no honest replica entered");
            return;
        }

        int index = epoch.Set.IndexOf(SimKeys.Validator(node.Validator).PublicKey);
        if (index < 0 || index != s.Signer)
        {
            Fail($"slot {node.Slot} (key {node.Validator}) signed a {s.Kind} of epoch {s.Epoch} as validator {s.Signer}; " +
                (index < 0 ? "it is not a member of that epoch's set" : $"its index there is {index}"));
        }
    }

    public void OnHalt(SimNode node, string reason)
    {
        if (node.IsHonest)
        {
            Fail($"honest slot {node.Slot} halted: {reason}");
        }
    }

    public void AfterStep(SimNode node)
    {
        if (node.IsHonest && node.Core is { } core && core.RetainedItems > MemoryBound)
        {
            Fail($"slot {node.Slot} holds {core.RetainedItems} items in memory, bound is {MemoryBound}");
        }
    }

    /// <summary>Every Byzantine validator that showed honest replicas two or more conflicting pairs was caught.</summary>
    public void CheckEquivocationsDetected(IReadOnlyDictionary<int, int> shown)
    {
        foreach ((int validator, int count) in shown)
        {
            if (count >= 2 && !_accused.Contains(validator))
            {
                Fail($"validator {validator} equivocated to honest replicas {count} times after stabilisation and no honest replica reported it");
                return;
            }
        }
    }

    // The same check a client makes with genesis alone.
    private string? Genuine(EquivocationEvidence evidence)
    {
        ulong epoch = evidence.First switch
        {
            Vote v => v.Data.Epoch,
            SignedTimeoutRound t => t.Epoch,
            SignedBlockHeader h => h.Epoch,
            _ => 0,
        };
        return _epochs.TryGetValue(epoch, out var known)
            ? EquivocationVerifier.Check(evidence, Simulator.ChainId, known.Set)?.ToString()
            : $"evidence of epoch {epoch}, which no honest replica entered";
    }

    private void Fail(string message) => Failure ??= message;
}
