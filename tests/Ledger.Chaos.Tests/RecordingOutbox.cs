using Ledger.Node.Network;
using Ledger.Node.Protos.Replica;

namespace Ledger.Chaos.Tests;

/// <summary>An outbox that keeps what was sent, to whom, in order.</summary>
internal sealed class RecordingOutbox : IConsensusOutbox
{
    public List<(string To, MessageKind Kind, byte[] Bytes)> Sent { get; } = [];

    public void Send(string validator, MessageKind kind, byte[] message) => Sent.Add((validator, kind, message));

    public void Broadcast(MessageKind kind, byte[] message) => throw new InvalidOperationException("the Byzantine outbox addresses every peer itself");
}
