namespace Ledger.Node.Runtime;

/// <summary>One piece of equivocation evidence: who, in which round, what kind, and both signed messages (consensus codec bytes).</summary>
public sealed record EquivocationRecord(string Signer, ulong Round, string Kind, byte[] Evidence);
