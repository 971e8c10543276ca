using Ledger.Crypto;

namespace Ledger.Node.Runtime;

/// <summary>
/// An output of the consensus core, executed by the event loop strictly in order. A core puts
/// <see cref="PersistSafety"/> before the vote or timeout it protects; the loop flushes it to
/// disk before it looks at the next action.
/// </summary>
public abstract record ReplicaAction
{
    private ReplicaAction()
    {
    }

    public sealed record PersistSafety(byte[] SafetyData) : ReplicaAction;

    public sealed record Send(string ToValidator, byte[] Message) : ReplicaAction;

    public sealed record Broadcast(byte[] Message) : ReplicaAction;

    public sealed record SetTimer(long TimerId, TimeSpan After) : ReplicaAction;

    /// <summary>The core leads this round and wants a payload from the mempool.</summary>
    public sealed record RequestPayload(ulong Round, int MaxTransactions) : ReplicaAction;

    /// <summary>Execute a proposed block on its parent's (possibly uncommitted) state.</summary>
    public sealed record Execute(Hash32 BlockId, Hash32 ParentId, ulong Height, byte[] Payload, long TimestampMs) : ReplicaAction;

    /// <summary>Blocks became final, oldest first, each with its own commit evidence.</summary>
    public sealed record Commit(IReadOnlyList<CommittedBlockRecord> Blocks) : ReplicaAction;

    /// <summary>The core saw a QC for a block it lacks; ask this validator for it and its missing ancestors.</summary>
    public sealed record FetchBlocks(Hash32 BlockId, string FromValidator) : ReplicaAction;

    /// <summary>Two signed messages of one signer for one round.</summary>
    public sealed record Equivocation(string Signer, ulong Round, byte[] First, byte[] Second) : ReplicaAction;
}
