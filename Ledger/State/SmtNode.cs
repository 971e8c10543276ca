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
    public SmtLeaf(Hash32 key, TValue value, Hash32 valueHash)
        : base(SmtHashing.Leaf(key, valueHash))
    {
        Key = key;
        Value = value;
    }

    public Hash32 Key { get; }

    public TValue Value { get; }
}

internal sealed class SmtInternal<TValue> : SmtNode<TValue>
{
    public SmtInternal(SmtNode<TValue>? left, SmtNode<TValue>? right)
        : base(SmtHashing.Internal(left?.Hash ?? SmtHashing.Empty, right?.Hash ?? SmtHashing.Empty))
    {
        Left = left;
        Right = right;
    }

    public SmtNode<TValue>? Left { get; }

    public SmtNode<TValue>? Right { get; }
}
