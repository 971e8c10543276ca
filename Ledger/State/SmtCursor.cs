using Ledger.Crypto;

namespace Ledger.State;

/// <summary>Where a read-ahead walk towards <see cref="Key"/> has got to: a node reference and its depth.</summary>
internal readonly record struct SmtCursor(Hash32 Key, int Node, int Depth);
