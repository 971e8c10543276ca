namespace Ledger.Client.Nodes;

/// <summary>A verified answer, the node that gave it, and the nodes tried before it.</summary>
public sealed record NodeAnswer<T>(string Node, T Value, IReadOnlyList<NodeFailure> Failures);
