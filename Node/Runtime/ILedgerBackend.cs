using Ledger.Crypto;

namespace Ledger.Node.Runtime;

/// <summary>
/// The node's seam to the ledger: speculative execution, commit, and the payload encoding the
/// proposer uses. Invariant failures surface as <see cref="LedgerHaltException"/>.
/// </summary>
public interface ILedgerBackend
{
    LedgerTip Tip { get; }

    /// <summary>Executes a block on its parent's state (committed or speculative); the parent must be known.</summary>
    BlockExecutionResult Execute(Hash32 blockId, Hash32 parentId, ulong height, ReadOnlyMemory<byte> payload, long timestampMs);

    /// <summary>Makes an executed block final and durable, with its certificate; returns the committed transaction ids.</summary>
    IReadOnlyList<Hash32> Commit(Hash32 blockId, byte[] certificate);

    /// <summary>The payload bytes of a proposal holding these signed transactions.</summary>
    byte[] EncodePayload(IReadOnlyList<ReadOnlyMemory<byte>> transactions);
}
