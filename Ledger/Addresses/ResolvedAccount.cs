using Ledger.Crypto;

namespace Ledger.Addresses;

/// <summary>An account named on input: its key, how it was named, and its genesis member name if it has one.</summary>
public sealed record ResolvedAccount(PublicKey Key, AccountSource Source, string? MemberName);
