using Ledger.Crypto;

namespace Ledger.State;

/// <summary>
/// A persistent (copy-on-write) sparse Merkle tree over 256-bit keys. Every update returns a new
/// tree that shares all untouched nodes with the old one, so keeping one version per uncommitted
/// block costs only the paths a block touched, and old versions stay valid for readers on other
/// threads. A batch of k updates rehashes each changed node once: cost O(k * log n), independent
/// of the number of leaves n beyond the logarithm.
/// </summary>
public sealed class SparseMerkleTree<TValue>
{
    private readonly SmtNode<TValue>? _root;
    private readonly Func<TValue, Hash32> _valueHasher;

    private SparseMerkleTree(SmtNode<TValue>? root, int count, Func<TValue, Hash32> valueHasher)
    {
        _root = root;
        Count = count;
        _valueHasher = valueHasher;
    }

    /// <summary>An empty tree whose leaves commit to values through <paramref name="valueHasher"/>.</summary>
    public static SparseMerkleTree<TValue> Empty(Func<TValue, Hash32> valueHasher) => new(null, 0, valueHasher);

    public Hash32 Root => _root?.Hash ?? SmtHashing.Empty;

    public int Count { get; }

    public bool TryGet(Hash32 key, out TValue value)
    {
        SmtNode<TValue>? node = _root;
        int depth = 0;
        while (node is SmtInternal<TValue> inner)
        {
            node = key.Bit(depth++) ? inner.Right : inner.Left;
        }

        if (node is SmtLeaf<TValue> leaf && leaf.Key == key)
        {
            value = leaf.Value;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>
    /// Applies upserts and deletions in one batch and returns the new version; this tree is
    /// unchanged. A key may appear once across both lists; deleting an absent key is a no-op.
    /// </summary>
    public SparseMerkleTree<TValue> Apply(IEnumerable<KeyValuePair<Hash32, TValue>> upserts, IEnumerable<Hash32> deletes)
    {
        var updates = new List<SmtUpdate>();
        foreach (KeyValuePair<Hash32, TValue> upsert in upserts)
        {
            updates.Add(new SmtUpdate(upsert.Key, false, upsert.Value));
        }

        foreach (Hash32 key in deletes)
        {
            updates.Add(new SmtUpdate(key, true, default!));
        }

        if (updates.Count == 0)
        {
            return this;
        }

        SmtUpdate[] sorted = [.. updates];
        Array.Sort(sorted, static (a, b) => a.Key.CompareTo(b.Key));
        for (int i = 1; i < sorted.Length; i++)
        {
            if (sorted[i].Key == sorted[i - 1].Key)
            {
                throw new ArgumentException($"key {sorted[i].Key.ToShortHex()} appears twice in one batch");
            }
        }

        int count = Count;
        SmtNode<TValue>? root = Update(_root, 0, sorted, ref count);
        return new SparseMerkleTree<TValue>(root, count, _valueHasher);
    }

    /// <summary>All leaves in key order.</summary>
    public IEnumerable<KeyValuePair<Hash32, TValue>> Enumerate()
    {
        var stack = new Stack<SmtNode<TValue>>();
        if (_root is not null)
        {
            stack.Push(_root);
        }

        while (stack.Count > 0)
        {
            SmtNode<TValue> node = stack.Pop();
            if (node is SmtLeaf<TValue> leaf)
            {
                yield return new KeyValuePair<Hash32, TValue>(leaf.Key, leaf.Value);
            }
            else if (node is SmtInternal<TValue> inner)
            {
                if (inner.Right is not null) stack.Push(inner.Right);
                if (inner.Left is not null) stack.Push(inner.Left);
            }
        }
    }

    /// <summary>The siblings on the path to <paramref name="key"/> and what the path ends in.</summary>
    public SmtProof Prove(Hash32 key)
    {
        var siblings = new List<Hash32>();
        SmtNode<TValue>? node = _root;
        int depth = 0;
        while (node is SmtInternal<TValue> inner)
        {
            bool right = key.Bit(depth++);
            siblings.Add((right ? inner.Left : inner.Right)?.Hash ?? SmtHashing.Empty);
            node = right ? inner.Right : inner.Left;
        }

        if (node is SmtLeaf<TValue> leaf)
        {
            return new SmtProof(key, siblings, leaf.Key, _valueHasher(leaf.Value));
        }

        return new SmtProof(key, siblings, null, null);
    }

    private SmtNode<TValue>? Update(SmtNode<TValue>? node, int depth, ReadOnlySpan<SmtUpdate> updates, ref int count)
    {
        if (updates.IsEmpty)
        {
            return node;
        }

        switch (node)
        {
            case null:
                return Build(depth, CollectInserts(updates, null, ref count));
            case SmtLeaf<TValue> leaf:
                return Build(depth, CollectInserts(updates, leaf, ref count));
            case SmtInternal<TValue> inner:
                int split = SplitIndex(updates, depth);
                SmtNode<TValue>? left = Update(inner.Left, depth + 1, updates[..split], ref count);
                SmtNode<TValue>? right = Update(inner.Right, depth + 1, updates[split..], ref count);
                return ReferenceEquals(left, inner.Left) && ReferenceEquals(right, inner.Right) ? inner : Join(left, right);
            default:
                throw new InvalidOperationException("unknown node type");
        }
    }

    // The sorted leaves a subtree holds after the updates, when it held at most one leaf before.
    private List<SmtLeaf<TValue>> CollectInserts(ReadOnlySpan<SmtUpdate> updates, SmtLeaf<TValue>? existing, ref int count)
    {
        var leaves = new List<SmtLeaf<TValue>>(updates.Length + 1);
        bool existingPlaced = existing is null;
        foreach (SmtUpdate update in updates)
        {
            if (!existingPlaced && existing!.Key <= update.Key)
            {
                existingPlaced = true;
                if (existing.Key == update.Key)
                {
                    count--;
                }
                else
                {
                    leaves.Add(existing);
                }
            }

            if (!update.Delete)
            {
                leaves.Add(new SmtLeaf<TValue>(update.Key, update.Value, _valueHasher(update.Value)));
                count++;
            }
        }

        if (!existingPlaced)
        {
            leaves.Add(existing!);
        }

        return leaves;
    }

    private static SmtNode<TValue>? Build(int depth, List<SmtLeaf<TValue>> leaves) =>
        Build(depth, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(leaves));

    private static SmtNode<TValue>? Build(int depth, ReadOnlySpan<SmtLeaf<TValue>> leaves)
    {
        if (leaves.Length == 0)
        {
            return null;
        }

        if (leaves.Length == 1)
        {
            return leaves[0];
        }

        int split = leaves.Length;
        for (int i = 0; i < leaves.Length; i++)
        {
            if (leaves[i].Key.Bit(depth))
            {
                split = i;
                break;
            }
        }

        return Join(Build(depth + 1, leaves[..split]), Build(depth + 1, leaves[split..]));
    }

    // A subtree that holds a single leaf is that leaf, lifted to the shallowest level.
    private static SmtNode<TValue>? Join(SmtNode<TValue>? left, SmtNode<TValue>? right) => (left, right) switch
    {
        (null, null) => null,
        (null, SmtLeaf<TValue> only) => only,
        (SmtLeaf<TValue> only, null) => only,
        _ => new SmtInternal<TValue>(left, right),
    };

    private static int SplitIndex(ReadOnlySpan<SmtUpdate> updates, int depth)
    {
        for (int i = 0; i < updates.Length; i++)
        {
            if (updates[i].Key.Bit(depth))
            {
                return i;
            }
        }

        return updates.Length;
    }

    /// <summary>Builds a tree from entries in one pass (genesis, restore from disk).</summary>
    public static SparseMerkleTree<TValue> Build(IEnumerable<KeyValuePair<Hash32, TValue>> entries, Func<TValue, Hash32> valueHasher)
    {
        var leaves = entries.Select(e => new SmtLeaf<TValue>(e.Key, e.Value, valueHasher(e.Value))).ToArray();
        Array.Sort(leaves, static (a, b) => a.Key.CompareTo(b.Key));
        for (int i = 1; i < leaves.Length; i++)
        {
            if (leaves[i].Key == leaves[i - 1].Key)
            {
                throw new ArgumentException($"key {leaves[i].Key.ToShortHex()} appears twice");
            }
        }

        return new SparseMerkleTree<TValue>(Build(0, leaves), leaves.Length, valueHasher);
    }

    private readonly record struct SmtUpdate(Hash32 Key, bool Delete, TValue Value);
}
