namespace Ledger.Simulator;

/// <summary>A client transaction (by id) that reaches the validators at <see cref="AtMs"/>, each after its own network delay.</summary>
public sealed record SimTransaction(int Id, long AtMs);
