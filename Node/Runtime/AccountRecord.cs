namespace Ledger.Node.Runtime;

/// <summary>An account's balance at a committed height, the ledger's state proof, and that block's certificate.</summary>
public sealed record AccountRecord(bool Exists, ulong Balance, byte[] StateProof, ulong Height, byte[] Certificate);
