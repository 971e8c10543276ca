using Ledger.Crypto;

namespace Ledger.State;

/// <summary>
/// A persistent (copy-on-write) 16-ary sparse Merkle tree over 256-bit keys (hashing rules in
/// <see cref="SmtHashing"/>). Every update returns a new tree that shares all untouched nodes
/// with the old one, so keeping one version per uncommitted block costs only the paths a block
/// touched, and old versions stay valid for readers on other threads. A batch of k updates
/// writes and hashes each changed node once, bottom-up: cost O(k * log16 n). Nodes are stored
/// by value in an <see cref="SmtArena{TValue}"/> shared by the versions derived from one another.
/// A tree made without a value writer (<see cref="EmptyIndex"/>) is a lookup-only index of the
/// same shape that never hashes.
/// </summary>
public sealed class SparseMerkleTree<TValue>
{
    // Compact when the arena holds this many times the nodes the newest version uses (estimated
    // from its leaf count): dead nodes then cost at most about twice the memory of live ones, and
    // a compaction (0.23 s for a million accounts) comes about once per 240 blocks of 2,000
    // transfers. Compacting at 1.3 times made execution 30% slower in the benchmark.
    private const int CompactionFactor = 3;

    // Nodes (the leaf and its share of interior nodes) per leaf in a tree of random keys, roughly;
    // only for the estimate above.
    private const double NodesPerLeaf = 1.4;

    // Small trees are never compacted: their garbage is small too.
    private const long MinCompactionNodes = 1 << 16;

    private readonly SmtArena<TValue> _arena;
    private readonly int _root;
    private readonly SmtValueWriter<TValue>? _writer;

    private SparseMerkleTree(SmtArena<TValue> arena, int root, int count, SmtValueWriter<TValue>? writer)
    {
        _arena = arena;
        _root = root;
        Count = count;
        _writer = writer;
    }

    /// <summary>An empty tree whose leaves commit to the bytes <paramref name="writer"/> gives for each value.</summary>
    public static SparseMerkleTree<TValue> Empty(SmtValueWriter<TValue> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        return new(new SmtArena<TValue>(hashed: true), SmtRef.Empty, 0, writer);
    }

    /// <summary>An empty lookup-only tree: no hashes are computed, and asking for a root or a proof throws.</summary>
    public static SparseMerkleTree<TValue> EmptyIndex() => new(new SmtArena<TValue>(hashed: false), SmtRef.Empty, 0, null);

    public Hash32 Root => _writer is null ? throw new InvalidOperationException("a lookup-only tree has no root") : _arena.HashOf(_root);

    public int Count { get; }

    /// <summary>Nodes in this tree's arena, live or not (diagnostics: what compaction would reclaim).</summary>
    internal long ArenaNodeCount => _arena.NodeCount;

    public bool TryGet(Hash32 key, out TValue value)
    {
        int node = _root;
        int depth = 0;
        while (SmtRef.IsInternal(node))
        {
            node = _arena.Children(SmtRef.InternalIndex(node))[key.Nibble(depth++)];
        }

        if (SmtRef.IsLeaf(node))
        {
            ref readonly SmtLeafNode<TValue> leaf = ref _arena.Leaf(SmtRef.LeafIndex(node));
            if (leaf.Key == key)
            {
                value = leaf.Value;
                return true;
            }
        }

        value = default!;
        return false;
    }

    /// <summary>A walk towards <paramref name="key"/> that <see cref="Advance"/> takes one level at a time.</summary>
    internal SmtCursor Walk(Hash32 key) => new(key, _root, 0);

    /// <summary>
    /// Moves <paramref name="cursor"/> one level down and asks the CPU to start loading the node
    /// it reaches, without waiting for it; false once the walk has reached a leaf or an empty
    /// slot. Walks that advance in turns, one level per transfer executed, have fetched a
    /// transfer's whole path by the time <see cref="TryGet"/> reads it, where a lookup on its own
    /// waits for each level's cache miss in sequence. Only a hint: nothing changes.
    /// </summary>
    internal bool Advance(ref SmtCursor cursor)
    {
        if (!SmtRef.IsInternal(cursor.Node))
        {
            return false;
        }

        int child = _arena.Children(SmtRef.InternalIndex(cursor.Node))[cursor.Key.Nibble(cursor.Depth)];
        _arena.PrefetchNode(child);
        cursor = new SmtCursor(cursor.Key, child, cursor.Depth + 1);
        return SmtRef.IsInternal(child);
    }

    /// <summary>
    /// Applies upserts and deletions in one batch and returns the new version; this tree is
    /// unchanged. A key may appear once across both lists; deleting an absent key is a no-op.
    /// </summary>
    public SparseMerkleTree<TValue> Apply(IEnumerable<KeyValuePair<Hash32, TValue>> upserts, IEnumerable<Hash32> deletes)
    {
        ArgumentNullException.ThrowIfNull(upserts);
        ArgumentNullException.ThrowIfNull(deletes);
        // Sized up front when the count is known: a block's batch is a large-object array.
        int known = (upserts.TryGetNonEnumeratedCount(out int u) ? u : 0) + (deletes.TryGetNonEnumeratedCount(out int d) ? d : 0);
        var updates = new List<SmtUpdate>(known);
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

        Span<SmtUpdate> sorted = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(updates);
        if (!InKeyOrder(sorted))
        {
            // Block execution hands over keys already sorted; other callers may not.
            sorted.Sort();
        }

        for (int i = 1; i < sorted.Length; i++)
        {
            if (sorted[i].Key == sorted[i - 1].Key)
            {
                throw new ArgumentException($"key {sorted[i].Key.ToShortHex()} appears twice in one batch");
            }
        }

        int count = Count;
        int root;
        lock (_arena.WriteLock)
        {
            root = Update(_root, 0, sorted, ref count);
        }

        var next = new SparseMerkleTree<TValue>(_arena, root, count, _writer);
        long live = (long)(NodesPerLeaf * count) + 1;
        return _arena.NodeCount > Math.Max(MinCompactionNodes, CompactionFactor * live) ? next.Compacted() : next;
    }

    private static bool InKeyOrder(ReadOnlySpan<SmtUpdate> updates)
    {
        for (int i = 1; i < updates.Length; i++)
        {
            if (updates[i - 1].Key > updates[i].Key)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// This version copied alone into a fresh arena, depth first so each subtree is contiguous.
    /// Same contents, same hashes; other versions keep the old arena, which the collector frees
    /// once none of them is referenced.
    /// </summary>
    internal SparseMerkleTree<TValue> Compacted()
    {
        var arena = new SmtArena<TValue>(_arena.Hashed);
        int root;
        lock (arena.WriteLock)
        {
            root = CopyInto(arena, _root);
        }

        return new SparseMerkleTree<TValue>(arena, root, Count, _writer);
    }

    private int CopyInto(SmtArena<TValue> target, int node)
    {
        if (SmtRef.IsLeaf(node))
        {
            ref readonly SmtLeafNode<TValue> leaf = ref _arena.Leaf(SmtRef.LeafIndex(node));
            return target.AddLeaf(leaf.Key, _arena.HashOf(node), leaf.Value);
        }

        if (!SmtRef.IsInternal(node))
        {
            return SmtRef.Empty;
        }

        SmtChildRefs children = _arena.Children(SmtRef.InternalIndex(node));
        Hash32 hash = _arena.HashOf(node);
        for (int i = 0; i < SmtHashing.Arity; i++)
        {
            children[i] = CopyInto(target, children[i]);
        }

        return target.AddInternal(in children, hash);
    }

    /// <summary>All leaves in key order.</summary>
    public IEnumerable<KeyValuePair<Hash32, TValue>> Enumerate()
    {
        var stack = new Stack<int>();
        if (_root != SmtRef.Empty)
        {
            stack.Push(_root);
        }

        while (stack.Count > 0)
        {
            int node = stack.Pop();
            if (SmtRef.IsLeaf(node))
            {
                SmtLeafNode<TValue> leaf = _arena.Leaf(SmtRef.LeafIndex(node));
                yield return new KeyValuePair<Hash32, TValue>(leaf.Key, leaf.Value);
            }
            else
            {
                SmtChildRefs children = _arena.Children(SmtRef.InternalIndex(node));
                for (int i = SmtHashing.Arity - 1; i >= 0; i--)
                {
                    if (children[i] != SmtRef.Empty)
                    {
                        stack.Push(children[i]);
                    }
                }
            }
        }
    }

    /// <summary>The sibling hashes on the path to <paramref name="key"/> and what the path ends in.</summary>
    public SmtProof Prove(Hash32 key)
    {
        SmtValueWriter<TValue> writer = _writer ?? throw new InvalidOperationException("a lookup-only tree has no proofs");
        var levels = new List<Hash32[]>();
        int node = _root;
        int depth = 0;
        while (SmtRef.IsInternal(node))
        {
            SmtChildRefs children = _arena.Children(SmtRef.InternalIndex(node));
            var hashes = new Hash32[SmtHashing.Arity];
            _arena.CopyHashes(in children, hashes);

            int nibble = key.Nibble(depth++);
            hashes[nibble] = SmtHashing.Empty;
            levels.Add(hashes);
            node = children[nibble];
        }

        if (SmtRef.IsLeaf(node))
        {
            SmtLeafNode<TValue> leaf = _arena.Leaf(SmtRef.LeafIndex(node));
            Span<byte> bytes = stackalloc byte[SmtHashing.MaxValueBytes];
            int length = writer(leaf.Value, bytes);
            return new SmtProof(key, levels, leaf.Key, bytes[..length].ToArray());
        }

        return new SmtProof(key, levels, null, null);
    }

    private int Update(int node, int depth, ReadOnlySpan<SmtUpdate> updates, ref int count)
    {
        if (updates.IsEmpty)
        {
            return node;
        }

        if (SmtRef.IsInternal(node))
        {
            SmtChildRefs children = _arena.Children(SmtRef.InternalIndex(node));
            if (_writer is not null)
            {
                // This node is rehashed once the updates below it are done; see PrefetchHashes.
                _arena.PrefetchHashes(in children);
            }

            // Updates are in key order, so each child's form one run: find the runs in one pass,
            // asking for the child each run descends into as it is found, then descend.
            Span<int> runEnds = stackalloc int[SmtHashing.Arity];
            int runs = 0;
            for (int start = 0; start < updates.Length; runs++)
            {
                int nibble = updates[start].Key.Nibble(depth);
                int end = start + 1;
                while (end < updates.Length && updates[end].Key.Nibble(depth) == nibble)
                {
                    end++;
                }

                _arena.PrefetchNode(children[nibble]);
                runEnds[runs] = end;
                start = end;
            }

            for (int run = 0, start = 0; run < runs; start = runEnds[run++])
            {
                int nibble = updates[start].Key.Nibble(depth);
                children[nibble] = Update(children[nibble], depth + 1, updates[start..runEnds[run]], ref count);
            }

            return Join(in children);
        }

        Span<int> leaves = updates.Length < 64 ? stackalloc int[updates.Length + 1] : new int[updates.Length + 1];
        int found = CollectLeaves(updates, node, leaves, ref count);
        return Build(depth, leaves[..found]);
    }

    // The leaves, in key order, of a subtree that held at most one leaf (existing) before the
    // updates; the existing leaf is kept as it is (same node, same hash) unless updated.
    private int CollectLeaves(ReadOnlySpan<SmtUpdate> updates, int existing, Span<int> leaves, ref int count)
    {
        int found = 0;
        bool existingPlaced = !SmtRef.IsLeaf(existing);
        Hash32 existingKey = existingPlaced ? default : _arena.Leaf(SmtRef.LeafIndex(existing)).Key;
        foreach (SmtUpdate update in updates)
        {
            if (!existingPlaced && existingKey <= update.Key)
            {
                existingPlaced = true;
                if (existingKey == update.Key)
                {
                    count--;
                }
                else
                {
                    leaves[found++] = existing;
                }
            }

            if (!update.Delete)
            {
                leaves[found++] = _arena.AddLeaf(update.Key, LeafHash(update.Key, update.Value), update.Value);
                count++;
            }
        }

        if (!existingPlaced)
        {
            leaves[found++] = existing;
        }

        return found;
    }

    private Hash32 LeafHash(Hash32 key, in TValue value)
    {
        if (_writer is null)
        {
            return SmtHashing.Empty;
        }

        Span<byte> bytes = stackalloc byte[SmtHashing.MaxValueBytes];
        int length = _writer(value, bytes);
        return SmtHashing.Leaf(key, bytes[..length]);
    }

    // Builds the subtree at depth over leaves (references, in key order) that are all in the arena.
    private int Build(int depth, ReadOnlySpan<int> leaves)
    {
        if (leaves.Length <= 1)
        {
            return leaves.IsEmpty ? SmtRef.Empty : leaves[0];
        }

        var children = default(SmtChildRefs);
        int start = 0;
        while (start < leaves.Length)
        {
            int nibble = KeyOf(leaves[start]).Nibble(depth);
            int end = start + 1;
            while (end < leaves.Length && KeyOf(leaves[end]).Nibble(depth) == nibble)
            {
                end++;
            }

            children[nibble] = Build(depth + 1, leaves[start..end]);
            start = end;
        }

        return Join(in children);
    }

    private Hash32 KeyOf(int leaf) => _arena.Leaf(SmtRef.LeafIndex(leaf)).Key;

    // A subtree that holds a single leaf is that leaf, lifted to the shallowest level (a leaf's
    // hash does not depend on its depth).
    private int Join(in SmtChildRefs children)
    {
        int present = 0;
        int last = SmtRef.Empty;
        for (int i = 0; i < SmtHashing.Arity; i++)
        {
            if (children[i] != SmtRef.Empty)
            {
                present++;
                last = children[i];
            }
        }

        if (present == 0)
        {
            return SmtRef.Empty;
        }

        if (present == 1 && SmtRef.IsLeaf(last))
        {
            return last;
        }

        Hash32 hash = SmtHashing.Empty;
        if (_writer is not null)
        {
            Span<byte> input = stackalloc byte[SmtHashing.InternalInputSize];
            _arena.WriteHashes(in children, input);
            hash = SmtHashing.Internal(input);
        }

        return _arena.AddInternal(in children, hash);
    }

    /// <summary>
    /// Builds a tree from entries in one pass (genesis, restore from disk); a null
    /// <paramref name="writer"/> builds a lookup-only tree. Leaf hashes are computed on all
    /// cores first: they are independent, and a restore of a million accounts would otherwise
    /// spend most of its time on them.
    /// </summary>
    public static SparseMerkleTree<TValue> Build(IEnumerable<KeyValuePair<Hash32, TValue>> entries, SmtValueWriter<TValue>? writer)
    {
        ArgumentNullException.ThrowIfNull(entries);
        SparseMerkleTree<TValue> empty = writer is null ? EmptyIndex() : Empty(writer);
        KeyValuePair<Hash32, TValue>[] sorted = [.. entries];
        Array.Sort(sorted, static (a, b) => a.Key.CompareTo(b.Key));
        for (int i = 1; i < sorted.Length; i++)
        {
            if (sorted[i].Key == sorted[i - 1].Key)
            {
                throw new ArgumentException($"key {sorted[i].Key.ToShortHex()} appears twice");
            }
        }

        var hashes = new Hash32[sorted.Length];
        if (writer is not null)
        {
            Parallel.For(0, sorted.Length, i => hashes[i] = empty.LeafHash(sorted[i].Key, sorted[i].Value));
        }

        var leaves = new int[sorted.Length];
        int root;
        lock (empty._arena.WriteLock)
        {
            for (int i = 0; i < sorted.Length; i++)
            {
                leaves[i] = empty._arena.AddLeaf(sorted[i].Key, hashes[i], sorted[i].Value);
            }

            root = empty.Build(0, leaves);
        }

        return new SparseMerkleTree<TValue>(empty._arena, root, sorted.Length, writer);
    }

    // Ordered by key alone (a key appears once per batch); comparing through the interface, not
    // a delegate, lets the sort call it directly.
    private readonly record struct SmtUpdate(Hash32 Key, bool Delete, TValue Value) : IComparable<SmtUpdate>
    {
        public int CompareTo(SmtUpdate other) => Key.CompareTo(other.Key);
    }
}
