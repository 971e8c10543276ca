using Ledger.Crypto;

namespace Ledger.Execution;

/// <summary>
/// A block that must not be voted for or committed: its payload is malformed, a transaction
/// carries a bad signature or another chain's id, or its height or timestamp do not follow its
/// parent. Nothing of it was applied.
/// </summary>
public sealed class InvalidBlockException : Exception
{
    public InvalidBlockException(Hash32 blockId, InvalidBlockReason reason, string detail)
        : base($"block {blockId.ToShortHex()} is invalid ({reason}): {detail}")
    {
        BlockId = blockId;
        Reason = reason;
    }

    public InvalidBlockException()
    {
    }

    public InvalidBlockException(string message)
        : base(message)
    {
    }

    public InvalidBlockException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public Hash32 BlockId { get; }

    public InvalidBlockReason Reason { get; }
}
