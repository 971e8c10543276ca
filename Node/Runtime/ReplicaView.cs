namespace Ledger.Node.Runtime;

/// <summary>What the core shows the outside: the round it is in and who leads it.</summary>
public sealed record ReplicaView(ulong Round, string Leader, ulong HighestQcRound);
