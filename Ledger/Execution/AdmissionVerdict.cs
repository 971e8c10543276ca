namespace Ledger.Execution;

/// <summary>Why the mempool refused a transfer, or that it accepted it.</summary>
public enum AdmissionVerdict
{
    Accepted,
    WrongChainId,
    TooLarge,
    BadSignature,

    /// <summary>Well formed and signed, but a ledger rule refuses it now; <see cref="AdmissionResult.Rule"/> says which.</summary>
    RuleViolation,
}
