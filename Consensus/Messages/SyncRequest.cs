using Ledger.Crypto;

namespace Ledger.Consensus.Messages;

/// <summary>
/// "Send me the ancestors of <see cref="TargetBlockId"/> above height <see cref="AboveHeight"/>,
/// oldest first." The requester already holds the block at <see cref="AboveHeight"/>.
/// </summary>
public sealed record SyncRequest(Hash32 TargetBlockId, ulong AboveHeight);
