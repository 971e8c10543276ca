namespace Ledger.Client.Nodes;

/// <summary>
/// One node that was tried and not used, and why. <see cref="Status"/> is the gRPC status the node
/// answered with, when it answered one (so a caller can tell a request the node refuses as out of
/// its limits, OUT_OF_RANGE, from a node that is down).
/// </summary>
public sealed record NodeFailure(string Node, NodeFailureKind Kind, string Message, Grpc.Core.StatusCode? Status = null);
