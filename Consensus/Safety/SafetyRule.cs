namespace Ledger.Consensus.Safety;

/// <summary>The rule a refused vote or timeout would have broken.</summary>
public enum SafetyRule
{
    /// <summary>Vote only in a round after every round already voted or timed out in.</summary>
    VoteRoundNotAfterLastVote,

    /// <summary>Vote only for a block whose QC is from the previous round, or whose TC is.</summary>
    BlockDoesNotExtendPreviousRound,

    /// <summary>A block after a TC must extend a QC at least as high as every high QC in the TC.</summary>
    BlockBelowTimeoutCertificate,

    /// <summary>Never time out a round older than one already voted or timed out in.</summary>
    TimeoutRoundBehindLastVote,

    /// <summary>A timeout must report a high QC at least as high as any QC seen.</summary>
    TimeoutHighQcBelowLock,

    /// <summary>Time out only a round entered through a QC or TC of the round before.</summary>
    TimeoutRoundNotCertified,

    /// <summary>Sign only for the epoch the safety data is in (rounds restart per epoch).</summary>
    WrongEpoch,

    /// <summary>Sign nothing after starting without a safety record until the peers' answers give a floor.</summary>
    AbstainingWithoutRecord,

    /// <summary>Sign nothing the replica could have signed before it lost its record (at or below its floor).</summary>
    BelowRecoveryFloor,

    /// <summary>Propose at most once per round: never in a round the record says may hold a proposal already.</summary>
    ProposalRoundAlreadyRecorded,
}
