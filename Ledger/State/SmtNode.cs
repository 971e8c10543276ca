using Ledger.Crypto;

namespace Ledger.State;

/// <summary>
/// An interior node of <see cref="SparseMerkleTree{TValue}"/> as stored in its
/// <see cref="SmtArena{TValue}"/>: 16 child references and the node's own hash. Stored by value,
/// never changed once written, so any number of tree versions can share it.
/// </summary>
internal struct SmtInternalNode
{
    public SmtChildRefs Children;
    public Hash32 Hash;
}

/// <summary>A leaf as stored in its arena: the key, the leaf hash and the value.</summary>
internal struct SmtLeafNode<TValue>
{
    public Hash32 Key;
    public Hash32 Hash;
    public TValue Value;
}

/// <summary>
/// The 16 child slots of an interior node, inline. A slot holds an <see cref="SmtRef"/>-encoded
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
