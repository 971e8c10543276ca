using Ledger.Crypto;

namespace Ledger.State;

/// <summary>
/// A persistent (copy-on-write) 16-ary sparse Merkle tree over 256-bit keys (hashing rules in
/// <see cref="SmtHashing"/>). Every update returns a new tree that shares all untouched nodes
/// with the old one, so keeping one version per uncommitted block costs only the paths a block
/// touched, and old versions stay valid for readers on other threads. A batch of k updates
/// rehashes each changed node once: cost O(k * log16 n).
/// </summary>
public sealed class SparseMerkleTree<TValue>
{
    private readonly SmtNode<TValue>? _root;
    private readonly SmtValueWriter<TValue> _writer;

    private SparseMerkleTree(SmtNode<TValue>? root, int count, SmtValueWriter<TValue> writer)
    {
        _root = root;
        Count = count;
        _writer = writer;
    }

    /// <summary>An empty tree whose leaves commit to the bytes <paramref name="writer"/> gives for each value.</summary>
    public static SparseMerkleTree<TValue> Empty(SmtValueWriter<TValue> writer) => new(null, 0, writer);

    public Hash32 Root => _root?.GetHash(_writer) ?? SmtHashing.Empty;

    public int Count { get; }

    public bool TryGet(Hash32 key, out TValue value)
    {
        SmtNode<TValue>? node = _root;
        int depth = 0;
        while (node is SmtInternal<TValue> inner)
        {
            node = inner.Child(SmtHashing.Nibble(key, depth++));
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
        ArgumentNullException.ThrowIfNull(upserts);
        ArgumentNullException.ThrowIfNull(deletes);
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
        return new SparseMerkleTree<TValue>(root, count, _writer);
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
                for (int i = SmtHashing.Arity - 1; i >= 0; i--)
                {
                    if (inner.Child(i) is { } child)
                    {
                        stack.Push(child);
                    }
                }
            }
        }
    }

    /// <summary>The sibling hashes on the path to <paramref name="key"/> and what the path ends in.</summary>
    public SmtProof Prove(Hash32 key)
    {
        var levels = new List<Hash32[]>();
        SmtNode<TValue>? node = _root;
        int depth = 0;
        while (node is SmtInternal<TValue> inner)
        {
            var children = new Hash32[SmtHashing.Arity];
            for (int i = 0; i < children.Length; i++)
            {
                children[i] = inner.Child(i)?.GetHash(_writer) ?? SmtHashing.Empty;
            }

            int nibble = SmtHashing.Nibble(key, depth++);
            children[nibble] = SmtHashing.Empty;
            levels.Add(children);
            node = inner.Child(nibble);
        }

        if (node is SmtLeaf<TValue> leaf)
        {
            Span<byte> bytes = stackalloc byte[SmtHashing.MaxValueBytes];
            int length = _writer(leaf.Value, bytes);
            return new SmtProof(key, levels, leaf.Key, bytes[..length].ToArray());
        }

        return new SmtProof(key, levels, null, null);
    }

    private SmtNode<TValue>? Update(SmtNode<TValue>? node, int depth, ReadOnlySpan<SmtUpdate> updates, ref int count)
    {
        if (updates.IsEmpty)
        {
            return node;
        }

        if (node is SmtInternal<TValue> inner)
        {
            SmtChildren<TValue> children = inner.Children;
            int start = 0;
            while (start < updates.Length)
            {
                int nibble = SmtHashing.Nibble(updates[start].Key, depth);
                int end = start + 1;
                while (end < updates.Length && SmtHashing.Nibble(updates[end].Key, depth) == nibble)
                {
                    end++;
                }

                children[nibble] = Update(children[nibble], depth + 1, updates[start..end], ref count);
                start = end;
            }

            return Join(in children);
        }

        return Build(depth, CollectLeaves(updates, node as SmtLeaf<TValue>, ref count));
    }

    // The sorted leaves a subtree holds after the updates, when it held at most one leaf before.
    private List<SmtLeaf<TValue>> CollectLeaves(ReadOnlySpan<SmtUpdate> updates, SmtLeaf<TValue>? existing, ref int count)
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
                leaves.Add(new SmtLeaf<TValue>(update.Key, update.Value));
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
        if (leaves.Length <= 1)
        {
            return leaves.IsEmpty ? null : leaves[0];
        }

        var children = default(SmtChildren<TValue>);
        int start = 0;
        while (start < leaves.Length)
        {
            int nibble = SmtHashing.Nibble(leaves[start].Key, depth);
            int end = start + 1;
            while (end < leaves.Length && SmtHashing.Nibble(leaves[end].Key, depth) == nibble)
            {
                end++;
            }

            children[nibble] = Build(depth + 1, leaves[start..end]);
            start = end;
        }

        return Join(in children);
    }

    // A subtree that holds a single leaf is that leaf, lifted to the shallowest level.
    private static SmtNode<TValue>? Join(in SmtChildren<TValue> children)
    {
        SmtNode<TValue>? only = null;
        int present = 0;
        for (int i = 0; i < SmtHashing.Arity; i++)
        {
            if (children[i] is { } child)
            {
                only = child;
                present++;
            }
        }

        return present switch
        {
            0 => null,
            1 when only is SmtLeaf<TValue> => only,
            _ => new SmtInternal<TValue>(children),
        };
    }

    /// <summary>Builds a tree from entries in one pass (genesis, restore from disk).</summary>
    public static SparseMerkleTree<TValue> Build(IEnumerable<KeyValuePair<Hash32, TValue>> entries, SmtValueWriter<TValue> writer)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(writer);
        var leaves = entries.Select(e => new SmtLeaf<TValue>(e.Key, e.Value)).ToArray();
        Array.Sort(leaves, static (a, b) => a.Key.CompareTo(b.Key));
        for (int i = 1; i < leaves.Length; i++)
        {
            if (leaves[i].Key == leaves[i - 1].Key)
            {
                throw new ArgumentException($"key {leaves[i].Key.ToShortHex()} appears twice");
            }
        }

        return new SparseMerkleTree<TValue>(Build(0, leaves), leaves.Length, writer);
    }

    private readonly record struct SmtUpdate(Hash32 Key, bool Delete, TValue Value);
}
