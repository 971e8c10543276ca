namespace Ledger.Execution;

/// <summary>Why a whole block was refused; an honest proposer never makes one of these.</summary>
public enum InvalidBlockReason
{
    MalformedPayload,
    TooManyTransactions,
    WrongChainId,
    BadSignature,
    TimestampBeforeParent,
    HeightNotParentPlusOne,
    UnknownParent,
}
