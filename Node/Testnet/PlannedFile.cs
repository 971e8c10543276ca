namespace Ledger.Node.Testnet;

/// <summary>A file to create: its path, its text, and whether it holds a private key.</summary>
public sealed record PlannedFile(string Path, string Content, bool Secret);
