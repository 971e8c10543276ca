namespace Ledger.Node.Runtime;

/// <summary>Outbound consensus traffic and block sync requests, as the event loop needs them.</summary>
public interface IPeerTransport
{
    IReadOnlyList<string> PeerNames { get; }

    /// <summary>Queues without blocking.</summary>
    void Send(string validator, byte[] message);

    /// <summary>Queues for every peer without blocking.</summary>
    void Broadcast(byte[] message);

    /// <summary>Asks one peer for a block and its missing ancestors (uncommitted blocks included).</summary>
    Task<IReadOnlyList<byte[]>> FetchBlocksAsync(string validator, Ledger.Crypto.Hash32 blockId, CancellationToken ct);

    /// <summary>Asks one peer for committed blocks from a height on, each with its commit evidence.</summary>
    Task<CommittedBatch> FetchCommittedAsync(string validator, ulong fromHeight, int maxBlocks, CancellationToken ct);
}
