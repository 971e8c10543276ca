using Ledger.Crypto;

namespace Ledger.Node.Runtime;

/// <summary>An input to the consensus core, as the node's event loop feeds it (one at a time, one thread).</summary>
public abstract record ReplicaEvent
{
    private ReplicaEvent()
    {
    }

    /// <summary>The loop started (after a restart: safety data and the committed chain are loaded).</summary>
    public sealed record Started(DateTimeOffset Now) : ReplicaEvent;

    /// <summary>A consensus message arrived from an authenticated peer, as canonical bytes.</summary>
    public sealed record MessageReceived(string FromValidator, byte[] Message, DateTimeOffset Now) : ReplicaEvent;

    /// <summary>A timer the core asked for has fired.</summary>
    public sealed record TimerFired(long TimerId, DateTimeOffset Now) : ReplicaEvent;

    /// <summary>The ledger executed a proposed block speculatively; null root means the payload is invalid.</summary>
    public sealed record BlockExecuted(Hash32 BlockId, Hash32? StateRoot, string? InvalidReason, DateTimeOffset Now) : ReplicaEvent;

    /// <summary>The mempool's batch for a proposal the core asked to make.</summary>
    public sealed record PayloadReady(ulong Round, byte[] Payload, DateTimeOffset Now) : ReplicaEvent;

    /// <summary>Blocks a peer returned for a fetch, in order, not yet verified by the core.</summary>
    public sealed record BlocksFetched(string FromValidator, IReadOnlyList<byte[]> Blocks, DateTimeOffset Now) : ReplicaEvent;

    /// <summary>Committed blocks a peer returned during block sync; each is applied only if its evidence verifies.</summary>
    public sealed record CommittedBlocksFetched(string FromValidator, IReadOnlyList<FetchedCommittedBlock> Blocks, ulong PeerCommittedHeight, DateTimeOffset Now) : ReplicaEvent;
}
