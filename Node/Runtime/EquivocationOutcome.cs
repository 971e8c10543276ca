namespace Ledger.Node.Runtime;

/// <summary>What <see cref="EquivocationLog.Add"/> did with a piece of evidence.</summary>
public enum EquivocationOutcome
{
    /// <summary>Kept, on disk and for the API.</summary>
    Recorded,

    /// <summary>A record for the same offender, kind and round is already kept (one proves it).</summary>
    Duplicate,

    /// <summary>The offender already has <c>limits.equivocationsPerOffender</c> records.</summary>
    OffenderCap,

    /// <summary>The log holds <c>limits.equivocationRecords</c> records.</summary>
    LogFull,
}
