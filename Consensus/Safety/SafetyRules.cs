using Ledger.Consensus.Messages;
using Ledger.Crypto;

namespace Ledger.Consensus.Safety;

/// <summary>
/// The two-chain voting and timeout rules over <see cref="SafetyData"/>. Every signature the
/// replica makes on a vote or timeout goes through here; a method that signs returns the new
/// safety data, which the caller must persist before the message leaves the node.
/// </summary>
public sealed class SafetyRules
{
    private readonly string _chainId;
    private readonly SigningKey _key;

    /// <summary>
    /// A round this process recorded in <see cref="SafetyData.HighestProposedRound"/> with a vote or
    /// timeout (it leads that round) and has not proposed in yet: the record already covers its
    /// proposal there. Never persisted: after a restart the record alone counts, and it forbids the round.
    /// </summary>
    private ulong _reservedProposalRound;

    public SafetyRules(string chainId, int self, SigningKey key, SafetyData data)
    {
        _chainId = chainId;
        Self = self;
        _key = key;
        Data = data;
    }

    public SafetyData Data { get; private set; }

    /// <summary>This replica's index in its current epoch's set (it changes with the set; -1: not a member, never signs).</summary>
    internal int Self { get; set; }

    /// <summary>
    /// Replaces the data when the replica enters a new epoch (rounds restart there; the epoch in the
    /// signed bytes keeps the old epoch's rounds apart). The caller persists it before signing.
    /// </summary>
    internal void Reset(SafetyData data)
    {
        Data = data;
        _reservedProposalRound = 0;
    }

    /// <summary>
    /// Harness-sanity hook: skips <see cref="ExtendsPreviousRound"/> so the simulator can show it
    /// catches a broken voting rule. Never set outside that test.
    /// </summary>
    internal bool WeakenVotingRuleForHarnessTest { get; set; }

    /// <summary>
    /// Harness-sanity hook: skips <see cref="ProposesOncePerRound"/> so the simulator can show it
    /// catches a leader proposing twice in a round across a restart. Never set outside that test.
    /// </summary>
    internal bool IgnoreProposalRecordForHarnessTest { get; set; }

    /// <summary>
    /// Signs a vote for an executed block, carrying <paramref name="observedMs"/> (the clock at
    /// which this replica found the block's timestamp timely), or returns the stored vote when
    /// asked again for the same block in the round last voted in. <paramref name="leadsNextRound"/>:
    /// this replica leads the round after the block's, which the new data then records as proposed
    /// in (see <see cref="RecordProposal"/>).
    /// </summary>
    public SafetyResult<Vote> SignVote(Block block, TimeoutCertificate? lastRoundTc, Hash32 stateRoot, long observedMs, bool leadsNextRound = false)
    {
        if (Data.LastVote is { } last && last.Round == block.Round && last.Data.BlockId == block.Id)
        {
            return SafetyResult<Vote>.Unchanged(last);
        }

        if (Self < 0)
        {
            throw new InvalidOperationException("a replica outside its epoch's validator set signs nothing");
        }

        SafetyRefusal? refusal = InThisEpoch(block.Epoch, block.Round, block.Justify.Round)
            ?? AboveRecoveryFloor(block.Epoch, block.Round, block.Justify.Round, null, timeout: false)
            ?? VotesAfterLastVote(block.Round, block.Justify.Round)
            ?? (WeakenVotingRuleForHarnessTest ? null : ExtendsPreviousRound(block, lastRoundTc));
        if (refusal is not null)
        {
            return SafetyResult<Vote>.Refused(refusal);
        }

        var data = new VoteData(block.Id, block.Round, block.Height, block.ParentId, block.Justify.Round, stateRoot, Data.Epoch);
        Vote vote = Vote.Create(_chainId, data, Self, observedMs, _key);
        Data = Data with
        {
            HighestVotedRound = block.Round,
            HighestQcRound = Math.Max(Data.HighestQcRound, block.Justify.Round),
            LastVote = vote,
        };
        ReserveProposal(block.Round, leadsNextRound);
        return SafetyResult<Vote>.Signed(vote);
    }

    /// <summary>
    /// Signs a timeout for <paramref name="round"/>, or returns the stored one for that round;
    /// <paramref name="leadsNextRound"/> as for <see cref="SignVote"/>.
    /// </summary>
    public SafetyResult<RoundTimeout> SignTimeout(ulong round, QuorumCertificate highQc, TimeoutCertificate? highTc, bool leadsNextRound = false)
    {
        if (Data.LastTimeout is { } last && last.Round == round)
        {
            return SafetyResult<RoundTimeout>.Unchanged(last);
        }

        if (Self < 0)
        {
            throw new InvalidOperationException("a replica outside its epoch's validator set signs nothing");
        }

        SafetyRefusal? refusal = InThisEpoch(highQc.Data.Epoch, round, highQc.Round)
            ?? AboveRecoveryFloor(Data.Epoch, round, highQc.Round, highTc?.Round, timeout: true)
            ?? TimeoutNotBehind(round, highQc.Round, highTc?.Round)
            ?? TimeoutReportsLock(round, highQc.Round, highTc?.Round)
            ?? TimeoutRoundCertified(round, highQc.Round, highTc?.Round);
        if (refusal is not null)
        {
            return SafetyResult<RoundTimeout>.Refused(refusal);
        }

        RoundTimeout timeout = RoundTimeout.Create(_chainId, round, highQc, highTc, Self, _key, Data.Epoch);
        Data = Data with
        {
            HighestVotedRound = Math.Max(Data.HighestVotedRound, round),
            LastTimeout = timeout,
        };
        ReserveProposal(round, leadsNextRound);
        return SafetyResult<RoundTimeout>.Signed(timeout);
    }

    /// <summary>
    /// Whether this replica may sign a proposal for <paramref name="round"/> of <paramref name="epoch"/>
    /// (null) or why not: a leader's proposal is a signature in its round like a vote, so the
    /// recovery rule applies to it too, and it proposes at most once in a round, across restarts.
    /// </summary>
    public SafetyRefusal? MayPropose(ulong epoch, ulong round, ulong qcRound) =>
        AboveRecoveryFloor(epoch, round, qcRound, null, timeout: false)
        ?? ProposesOncePerRound(round, qcRound);

    /// <summary>
    /// Records that this replica signs a proposal in <paramref name="round"/> (which
    /// <see cref="MayPropose"/> allowed); true when the data changed and must be persisted before the
    /// proposal leaves. False when the vote or timeout this process signed before already recorded
    /// the round (it leads it), so the leader's happy path costs no write of its own.
    /// </summary>
    public bool RecordProposal(ulong round)
    {
        if (round == _reservedProposalRound)
        {
            _reservedProposalRound = 0;
            return false;
        }

        Data = Data with { HighestProposedRound = Math.Max(Data.HighestProposedRound, round) };
        return true;
    }

    /// <summary>
    /// Ends the abstention with the floor the peers' answers gave; the caller persists the data
    /// before anything is signed.
    /// </summary>
    internal void SetFloor(SigningFloor floor) => Data = Data with { Abstaining = false, Floor = floor };

    /// <summary>
    /// The highest round this replica has signed in, in the epoch of its data, as far as its record
    /// knows: what it answers a recovering peer. Not its floor: reporting that would raise each
    /// asker's floor one round above the last one's, and a new network, whose replicas all recover
    /// at once, would never reach a round they may all sign in. A replica that lost its record after
    /// signing a certificate is counted among the faulty ones by the recovery argument instead
    /// (docs/PROTOCOL.md "Recovering a floor"); while abstaining it has signed nothing, so 0.
    /// </summary>
    public ulong HighestSignedRound => Data.HighestVotedRound;

    /// <summary>
    /// Records a verified QC and the certificates of the current round; true when the data changed
    /// (and must be persisted before the next message leaves).
    /// </summary>
    public bool Observe(QuorumCertificate highQc, TimeoutCertificate? highTc)
    {
        SafetyData next = Data with
        {
            HighestQcRound = Math.Max(Data.HighestQcRound, highQc.Round),
            HighQc = Data.HighQc is { } q && q.Round >= highQc.Round ? q : highQc,
            HighTc = highTc is null || (Data.HighTc is { } t && t.Round >= highTc.Round) ? Data.HighTc : highTc,
        };
        if (next == Data)
        {
            return false;
        }

        Data = next;
        return true;
    }

    /// <summary>
    /// Rule: sign only for the epoch the safety data is in. Rounds restart in every epoch and the
    /// data is reset when the replica enters a new one, so a signature for an older epoch could
    /// repeat a round it already signed in; the epoch in the signed bytes keeps the epochs apart.
    /// </summary>
    private SafetyRefusal? InThisEpoch(ulong epoch, ulong round, ulong qcRound) =>
        epoch == Data.Epoch
            ? null
            : Refuse(SafetyRule.WrongEpoch, round, qcRound, null);

    /// <summary>
    /// Rule: a replica that started without its safety record signs nothing until it has a floor,
    /// then nothing it could have signed before (at or below the floor; a round-1 timeout excepted,
    /// its bytes being fixed). See docs/PROTOCOL.md, safety rule 5.
    /// </summary>
    private SafetyRefusal? AboveRecoveryFloor(ulong epoch, ulong round, ulong qcRound, ulong? tcRound, bool timeout)
    {
        if (Data.Abstaining)
        {
            return Refuse(SafetyRule.AbstainingWithoutRecord, round, qcRound, tcRound);
        }

        return Data.Floor is { } floor && floor.Forbids(epoch, round, timeout)
            ? Refuse(SafetyRule.BelowRecoveryFloor, round, qcRound, tcRound)
            : null;
    }

    /// <summary>
    /// Rule: propose in round r only if r is above the highest round the record says this replica
    /// may have proposed in, or r is the round this process recorded itself and has not proposed in
    /// yet. A leader restarted in its own round would otherwise sign a second block there.
    /// </summary>
    private SafetyRefusal? ProposesOncePerRound(ulong round, ulong qcRound) =>
        round > Data.HighestProposedRound || round == _reservedProposalRound || IgnoreProposalRecordForHarnessTest
            ? null
            : Refuse(SafetyRule.ProposalRoundAlreadyRecorded, round, qcRound, null);

    /// <summary>
    /// With a new vote or timeout in <paramref name="round"/>, records the next round as proposed in
    /// when this replica leads it: the record written before the vote or timeout leaves then covers
    /// the proposal too (one write a round for the leader as for everyone else).
    /// </summary>
    private void ReserveProposal(ulong round, bool leadsNextRound)
    {
        if (!leadsNextRound || round + 1 <= Data.HighestProposedRound)
        {
            return;
        }

        Data = Data with { HighestProposedRound = round + 1 };
        _reservedProposalRound = round + 1;
    }

    /// <summary>Rule: vote in round r only if r is above every round already voted or timed out in.</summary>
    private SafetyRefusal? VotesAfterLastVote(ulong round, ulong qcRound) =>
        round > Data.HighestVotedRound
            ? null
            : Refuse(SafetyRule.VoteRoundNotAfterLastVote, round, qcRound, null);

    /// <summary>
    /// Rule: vote for block B of round r only if B.qc.round == r - 1, or B carries a TC for r - 1
    /// and B.qc.round is at least the highest QC round inside that TC.
    /// </summary>
    private SafetyRefusal? ExtendsPreviousRound(Block block, TimeoutCertificate? tc)
    {
        if (block.Justify.Round + 1 == block.Round)
        {
            return null;
        }

        if (tc is null || tc.Round + 1 != block.Round)
        {
            return Refuse(SafetyRule.BlockDoesNotExtendPreviousRound, block.Round, block.Justify.Round, tc?.Round);
        }

        return block.Justify.Round >= tc.MaxHighQcRound
            ? null
            : Refuse(SafetyRule.BlockBelowTimeoutCertificate, block.Round, block.Justify.Round, tc.Round);
    }

    /// <summary>Rule: time out round r only if no later round was voted or timed out in.</summary>
    private SafetyRefusal? TimeoutNotBehind(ulong round, ulong qcRound, ulong? tcRound) =>
        round >= Data.HighestVotedRound
            ? null
            : Refuse(SafetyRule.TimeoutRoundBehindLastVote, round, qcRound, tcRound);

    /// <summary>Rule: a timeout's high QC is at least the highest QC round ever observed.</summary>
    private SafetyRefusal? TimeoutReportsLock(ulong round, ulong qcRound, ulong? tcRound) =>
        qcRound >= Data.HighestQcRound
            ? null
            : Refuse(SafetyRule.TimeoutHighQcBelowLock, round, qcRound, tcRound);

    /// <summary>Rule: time out round r only if r follows the high QC's round or the high TC's round.</summary>
    private SafetyRefusal? TimeoutRoundCertified(ulong round, ulong qcRound, ulong? tcRound) =>
        round == qcRound + 1 || (tcRound is { } t && round == t + 1)
            ? null
            : Refuse(SafetyRule.TimeoutRoundNotCertified, round, qcRound, tcRound);

    private SafetyRefusal Refuse(SafetyRule rule, ulong round, ulong qcRound, ulong? tcRound) =>
        new(rule, round, qcRound, tcRound, Data.HighestVotedRound, Data.HighestQcRound);
}
