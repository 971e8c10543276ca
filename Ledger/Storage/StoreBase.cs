using Ledger.Crypto;
using Ledger.State;

namespace Ledger.Storage;

/// <summary>
/// The committed block a store installed from a snapshot starts above: its height, id, the header
/// of the state it produced (whose root its QC signs) and its certificate (the node's commit
/// evidence, opaque here). The store holds no record of this block or any below it; its first
/// stored block is <c>Height + 1</c>. A full store has no base (genesis is its base).
/// </summary>
public sealed record StoreBase(ulong Height, Hash32 BlockId, StateHeader Header, byte[] Certificate)
{
    public Hash32 StateRoot => Header.Root;
}
