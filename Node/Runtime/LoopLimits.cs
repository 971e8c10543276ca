namespace Ledger.Node.Runtime;

/// <summary>
/// Bounds the event loop works within. <paramref name="InstallBehindBlocks"/>: how far the
/// network's certified height may run ahead of the committed one before the running replica stops
/// to install a snapshot (<c>storage.installSnapshotBehindBlocks</c>; 0 never).
/// </summary>
public sealed record LoopLimits(int InboxCapacity, int MaxBlockTransactions, long MaxPayloadBytes, TimeSpan SyncTimeout, ulong InstallBehindBlocks = 0);
