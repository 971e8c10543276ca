namespace Ledger.Client.Nodes;

/// <summary>One node that was tried and not used, and why.</summary>
public sealed record NodeFailure(string Node, NodeFailureKind Kind, string Message);
