namespace Ledger.Consensus.Verification;

/// <summary>Why equivocation evidence does not prove what it claims.</summary>
public enum EquivocationFault
{
    /// <summary>The offender is not a genesis validator.</summary>
    UnknownOffender,

    /// <summary>A statement is not of the evidence's kind.</summary>
    WrongStatementKind,

    /// <summary>A statement names another signer than the offender.</summary>
    NotByOffender,

    /// <summary>A statement is for another round than the evidence's.</summary>
    WrongRound,

    /// <summary>The two statements say the same thing, so signing both broke no rule.</summary>
    NoConflict,

    /// <summary>A signature is not the offender's over the statement.</summary>
    BadSignature,
}
