using Ledger.Crypto;

namespace Ledger.Execution;

/// <summary>
/// Execution broke conservation: money was created or destroyed, or a balance went out of
/// range. This is a bug or corrupted state, never a user error; the node halts (fails closed)
/// and nothing of the block is written.
/// </summary>
public sealed class ConservationViolationException : Exception
{
    public ConservationViolationException(Hash32 blockId, ulong height, string detail, IReadOnlyList<PublicKey> accounts)
        : base($"conservation violated in block {blockId.ToShortHex()} at height {height}: {detail}; accounts: "
               + (accounts.Count == 0 ? "(none)" : string.Join(", ", accounts.Select(a => a.ToHex()))))
    {
        BlockId = blockId;
        Height = height;
        Accounts = accounts;
    }

    public ConservationViolationException()
    {
        Accounts = [];
    }

    public ConservationViolationException(string message)
        : base(message)
    {
        Accounts = [];
    }

    public ConservationViolationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Accounts = [];
    }

    public Hash32 BlockId { get; }

    public ulong Height { get; }

    public IReadOnlyList<PublicKey> Accounts { get; }
}
