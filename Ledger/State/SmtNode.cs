using Ledger.Crypto;

namespace Ledger.State;

/// <summary>
/// A leaf as stored in its <see cref="SmtArena{TValue}"/>: the key and the value (its hash is
/// kept apart, see the arena). Stored by value, never changed once written, so any number of
/// tree versions can share it.
/// </summary>
internal struct SmtLeafNode<TValue>
{
    public Hash32 Key;
    public TValue Value;
}

/// <summary>
/// An interior node as stored in its arena: its 16 child slots, inline (its hash is kept apart). A slot holds an <see cref="SmtRef"/>-encoded
/// reference: 0 for an empty subtree, i + 1 for interior node i, -(i + 1) for leaf i.
/// </summary>
[System.Runtime.CompilerServices.InlineArray(SmtHashing.Arity)]
internal struct SmtChildRefs
{
    private int _slot;
}

/// <summary>The encoding of a node reference in an <see cref="SmtChildRefs"/> slot or a tree root.</summary>
internal static class SmtRef
{
    public const int Empty = 0;

    public static bool IsInternal(int reference) => reference > 0;

    public static bool IsLeaf(int reference) => reference < 0;

    public static int InternalIndex(int reference) => reference - 1;

    public static int LeafIndex(int reference) => -reference - 1;

    public static int ToInternal(int index) => index + 1;

    public static int ToLeaf(int index) => -index - 1;
}
