using Ledger.Client.Evidence;
using Ledger.Client.Protos;

namespace Ledger.Client.Nodes;

/// <summary>
/// A node's answer about one transaction: committed (and then <see cref="Committed"/> holds the
/// verified proof), pending in its mempool, or unknown to it. Only a commitment is proven.
/// </summary>
public sealed record TransferReading(TransferState State, VerifiedTransfer? Committed);
