using Ledger.Crypto;

namespace Ledger.State;

/// <summary>
/// A node of <see cref="SparseMerkleTree{TValue}"/>. Nodes are immutable once built, so one node
/// can sit in the trees of many block versions at once; an update allocates a new path only.
/// </summary>
internal abstract class SmtNode<TValue>
{
    protected SmtNode(Hash32 hash) => Hash = hash;

    public Hash32 Hash { get; }
}

internal sealed class SmtLeaf<TValue> : SmtNode<TValue>
{
    public SmtLeaf(Hash32 key, TValue value, Hash32 hash)
        : base(hash)
    {
        Key = key;
        Value = value;
    }

    public Hash32 Key { get; }

    public TValue Value { get; }

    public static SmtLeaf<TValue> Create(Hash32 key, TValue value, SmtValueWriter<TValue> writer)
    {
        Span<byte> bytes = stackalloc byte[SmtHashing.MaxValueBytes];
        int length = writer(value, bytes);
        return new SmtLeaf<TValue>(key, value, SmtHashing.Leaf(key, bytes[..length]));
    }
}

internal sealed class SmtInternal<TValue> : SmtNode<TValue>
{
    private readonly SmtNode<TValue>?[] _children;

    /// <summary>Takes ownership of <paramref name="children"/> (16 entries, never changed afterwards).</summary>
    public SmtInternal(SmtNode<TValue>?[] children)
        : base(HashOf(children))
    {
        _children = children;
    }

    public SmtNode<TValue>? Child(int nibble) => _children[nibble];

    public SmtNode<TValue>?[] CopyChildren() => (SmtNode<TValue>?[])_children.Clone();

    private static Hash32 HashOf(SmtNode<TValue>?[] children)
    {
        Span<Hash32> hashes = stackalloc Hash32[SmtHashing.Arity];
        for (int i = 0; i < SmtHashing.Arity; i++)
        {
            hashes[i] = children[i]?.Hash ?? SmtHashing.Empty;
        }

        return SmtHashing.Internal(hashes);
    }
}
