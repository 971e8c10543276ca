using Ledger.Node.Protos.Replica;

namespace Ledger.Node.Network;

/// <summary>Something queued for one peer: a consensus message or a batch of gossiped transactions.</summary>
public abstract record OutboundItem
{
    private OutboundItem()
    {
    }

    public sealed record Consensus(MessageKind Kind, byte[] Message) : OutboundItem;

    public sealed record Transactions(IReadOnlyList<ReadOnlyMemory<byte>> Batch) : OutboundItem;
}
