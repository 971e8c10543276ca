namespace Ledger.Node.Runtime;

/// <summary>Bounds the event loop works within.</summary>
public sealed record LoopLimits(int InboxCapacity, int MaxBlockTransactions, long MaxPayloadBytes, TimeSpan SyncTimeout);
