using Ledger.Node.Protos.Replica;

namespace Ledger.Node.Network;

/// <summary>
/// Where the event loop hands the consensus messages (proposals, votes, timeouts) its core asked
/// to send. A node built from its node.json sends them through its <see cref="PeerNetwork"/>;
/// nothing in a configuration file can put anything else here. Only code that builds a node
/// itself (<see cref="Hosting.NodeHost.Build(string, Serilog.ILogger?, TimeProvider?, Func{PeerNetwork, IConsensusOutbox}?, Ledger.Execution.IClientSignatureCheck?, Snapshots.RunningSnapshotInstall?)"/>)
/// can wrap it, as the chaos tool's separate Byzantine validator host does.
/// </summary>
public interface IConsensusOutbox
{
    /// <summary>Queues a message for one validator, by genesis name; never blocks.</summary>
    void Send(string validator, MessageKind kind, byte[] message);

    /// <summary>Queues a message for every other validator; never blocks.</summary>
    void Broadcast(MessageKind kind, byte[] message);
}
