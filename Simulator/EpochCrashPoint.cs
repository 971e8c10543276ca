namespace Ledger.Simulator;

/// <summary>Where around an epoch boundary a <see cref="SimEpochCrash"/> stops its replica.</summary>
public enum EpochCrashPoint
{
    /// <summary>As its application is about to execute the epoch-ending block (the execution is lost).</summary>
    BeforeExecutingEnd,

    /// <summary>Right after its core took the epoch-ending block's execution (and maybe voted for it).</summary>
    AfterExecutingEnd,

    /// <summary>When its core commits the epoch-ending block, before the node stores the commit.</summary>
    BeforeCommittingEnd,

    /// <summary>Right after the node stored the commit of the epoch-ending block, before it sends anything of the new epoch.</summary>
    AfterCommittingEnd,

    /// <summary>As it broadcasts the new epoch's first proposal (it leads round 1 of the new epoch).</summary>
    ProposingFirstOfEpoch,
}
