using Ledger.Crypto;

namespace Ledger.Chaos.Running;

/// <summary>A genesis member of a chaos network: its name, account key and key file.</summary>
public sealed record ChaosMember(string Name, PublicKey PublicKey, string KeyPath);
