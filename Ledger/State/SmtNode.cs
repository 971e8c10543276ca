using Ledger.Crypto;

namespace Ledger.State;

/// <summary>
/// A node of <see cref="SparseMerkleTree{TValue}"/>. Nodes are immutable once built, so one node
/// can sit in the trees of many block versions at once; an update allocates a new path only.
/// </summary>
internal abstract class SmtNode<TValue>
{
    private Hash32 _hash;
    private volatile bool _hashed;

    /// <summary>
    /// The node's hash, computed on first use and kept: a tree whose root is never asked for
    /// (a lookup-only index) never hashes at all. Two threads may compute it at once; both
    /// write the same value, and the flag is set only after the value.
    /// </summary>
    public Hash32 GetHash(SmtValueWriter<TValue> writer)
    {
        if (!_hashed)
        {
            _hash = ComputeHash(writer);
            _hashed = true;
        }

        return _hash;
    }

    protected abstract Hash32 ComputeHash(SmtValueWriter<TValue> writer);
}

internal sealed class SmtLeaf<TValue> : SmtNode<TValue>
{
    public SmtLeaf(Hash32 key, TValue value)
    {
        Key = key;
        Value = value;
    }

    public Hash32 Key { get; }

    public TValue Value { get; }

    protected override Hash32 ComputeHash(SmtValueWriter<TValue> writer)
    {
        Span<byte> bytes = stackalloc byte[SmtHashing.MaxValueBytes];
        int length = writer(Value, bytes);
        return SmtHashing.Leaf(Key, bytes[..length]);
    }
}

internal sealed class SmtInternal<TValue> : SmtNode<TValue>
{
    // Inline, so a node is one allocation, not a node plus a 16-slot array.
    private readonly SmtChildren<TValue> _children;

    public SmtInternal(in SmtChildren<TValue> children) => _children = children;

    public SmtNode<TValue>? Child(int nibble) => _children[nibble];

    /// <summary>A copy of the children, for building the next version of this node.</summary>
    public SmtChildren<TValue> Children => _children;

    protected override Hash32 ComputeHash(SmtValueWriter<TValue> writer)
    {
        Span<Hash32> hashes = stackalloc Hash32[SmtHashing.Arity];
        for (int i = 0; i < SmtHashing.Arity; i++)
        {
            hashes[i] = _children[i]?.GetHash(writer) ?? SmtHashing.Empty;
        }

        return SmtHashing.Internal(hashes);
    }
}

/// <summary>The 16 child slots of an interior node, stored inline.</summary>
[System.Runtime.CompilerServices.InlineArray(SmtHashing.Arity)]
internal struct SmtChildren<TValue>
{
    private SmtNode<TValue>? _slot;
}
