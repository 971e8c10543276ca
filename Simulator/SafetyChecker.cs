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
/// votes or timeouts for a round, across restarts (<see cref="HonestSignatures"/>); and, at the end, equivocations shown to honest
/// replicas were detected. The first failure is kept.
/// </summary>
internal sealed class SafetyChecker(ValidatorSet validators, MessageVerifier verifier, ConsensusParameters parameters)
{
    private readonly Dictionary<ulong, (Hash32 Id, int Slot)> _committed = [];
    private readonly Dictionary<int, ulong> _heightBySlot = [];
    private readonly HashSet<int> _accused = [];
    private readonly HonestSignatures _honestSignatures = new();

    public string? Failure { get; private set; }

    public ulong HighestHeight { get; private set; }

    public int EvidenceReports { get; private set; }

    /// <summary>Blocks in the store, plus per-round votes, timeouts and records within the round window.</summary>
    private int MemoryBound => parameters.MaxStoredBlocks + (8 * ((int)parameters.MaxRoundsAhead + 4) * validators.Count) + 64;

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

            if (CommitEvidence.Verify(block.Id, commit.EvidenceFor(i), verifier) is { } error)
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

    /// <summary>Persisted safety data never moves backwards.</summary>
    public void OnPersist(SimNode node, SafetyData before, SafetyData after)
    {
        if (node.IsHonest && (after.HighestVotedRound < before.HighestVotedRound || after.HighestQcRound < before.HighestQcRound))
        {
            Fail($"slot {node.Slot} persisted safety data going backwards: voted {before.HighestVotedRound} -> {after.HighestVotedRound}, " +
                $"qc {before.HighestQcRound} -> {after.HighestQcRound}");
        }
    }

    /// <summary>Every vote or timeout an honest replica sends is covered by safety data already persisted.</summary>
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

        ulong? round = action switch
        {
            SendVote v => v.Vote.Round,
            BroadcastTimeout t => t.Timeout.Round,
            _ => null,
        };
        if (round is { } r && r > node.Persisted.HighestVotedRound)
        {
            Fail($"slot {node.Slot} sent a vote or timeout for round {r} before persisting (persisted voted round {node.Persisted.HighestVotedRound})");
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
    private string? Genuine(EquivocationEvidence evidence) => EquivocationVerifier.Check(evidence, Simulator.ChainId, validators)?.ToString();

    private void Fail(string message) => Failure ??= message;
}
