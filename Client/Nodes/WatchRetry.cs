namespace Ledger.Client.Nodes;

/// <summary>
/// One reconnection of a watch: <see cref="Failure"/> says which node failed and why,
/// <see cref="NextNode"/> is followed next after <see cref="Delay"/> (zero when another node is
/// tried at once), <see cref="Attempt"/> counts failures since the last verified block.
/// </summary>
public sealed record WatchRetry(NodeFailure Failure, string NextNode, TimeSpan Delay, int Attempt);
