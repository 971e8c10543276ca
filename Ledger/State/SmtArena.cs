using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using Ledger.Crypto;

namespace Ledger.State;

/// <summary>
/// Append-only storage for the nodes of one lineage of <see cref="SparseMerkleTree{TValue}"/>
/// versions. Nodes live by value in large chunks addressed by index, not as one heap object
/// each: a million-account tree is then a few hundred arrays the garbage collector never has to
/// trace or copy, where as objects it was 1.4 million that every block's new nodes were copied
/// between generations with (about a fifth of execution time went to the collector). The price
/// is that nodes a newer version no longer uses stay until the tree is compacted into a fresh
/// arena (<see cref="SparseMerkleTree{TValue}.Apply"/> does that when they outnumber the live).
/// <para>
/// One writer at a time appends (under <see cref="WriteLock"/>); readers on any thread read
/// without locking. A chunk never moves once made, and the chunk directory is replaced, not
/// resized in place, so an index a published version refers to always reads the node written
/// for it.
/// </para>
/// <para>
/// Hashes are kept apart from the nodes, in dense arrays of their own: rehashing a node reads
/// the hashes of all 16 children, and 15 of them are cache misses into an arena of hundreds of
/// megabytes. A hash array is a quarter of the size of the nodes it belongs to, and the leaves
/// of one parent that compaction or one batch wrote side by side have their hashes on the same
/// few lines. A lookup-only tree's arena keeps no hashes at all.
/// </para>
/// </summary>
internal sealed class SmtArena<TValue>
{
    private const int ChunkShift = 14;
    private const int ChunkSize = 1 << ChunkShift;
    private const int ChunkMask = ChunkSize - 1;
    private const int FirstChunkSize = 64;

    private readonly bool _hashed;
    private SmtChildRefs[][] _internals = [];
    private Hash32[][] _internalHashes = [];
    private SmtLeafNode<TValue>[][] _leaves = [];
    private Hash32[][] _leafHashes = [];
    private int _internalCount;
    private int _leafCount;

    /// <param name="hashed">False for a lookup-only tree: no hashes are stored, and every hash reads as empty.</param>
    public SmtArena(bool hashed)
    {
        _hashed = hashed;
    }

    public bool Hashed => _hashed;

    public Lock WriteLock { get; } = new();

    /// <summary>Nodes written so far, live or not.</summary>
    public long NodeCount => (long)Volatile.Read(ref _internalCount) + Volatile.Read(ref _leafCount);

    /// <summary>The child references of interior node <paramref name="index"/>.</summary>
    public ref readonly SmtChildRefs Children(int index) =>
        ref Volatile.Read(ref _internals)[index >> ChunkShift][index & ChunkMask];

    public ref readonly SmtLeafNode<TValue> Leaf(int index) =>
        ref Volatile.Read(ref _leaves)[index >> ChunkShift][index & ChunkMask];

    /// <summary>The hash of the subtree a reference points to (the empty hash for an empty one, and in a lookup-only arena).</summary>
    public Hash32 HashOf(int reference)
    {
        if (reference == SmtRef.Empty || !_hashed)
        {
            return SmtHashing.Empty;
        }

        return SmtRef.IsInternal(reference)
            ? Volatile.Read(ref _internalHashes)[SmtRef.InternalIndex(reference) >> ChunkShift][SmtRef.InternalIndex(reference) & ChunkMask]
            : Volatile.Read(ref _leafHashes)[SmtRef.LeafIndex(reference) >> ChunkShift][SmtRef.LeafIndex(reference) & ChunkMask];
    }

    /// <summary>The hashes of a node's 16 children, the empty hash where a slot is empty.</summary>
    public void CopyHashes(in SmtChildRefs children, Span<Hash32> hashes)
    {
        for (int i = 0; i < SmtHashing.Arity; i++)
        {
            hashes[i] = HashOf(children[i]);
        }
    }

    /// <summary>The hashes of a node's 16 children written into an interior node's hash input (<see cref="SmtHashing.ChildSlot"/>).</summary>
    public void WriteHashes(in SmtChildRefs children, Span<byte> input)
    {
        for (int i = 0; i < SmtHashing.Arity; i++)
        {
            HashOf(children[i]).CopyTo(SmtHashing.ChildSlot(input, i));
        }
    }

    /// <summary>
    /// Asks the CPU to start loading the hashes of the nodes <paramref name="children"/> refers
    /// to, without waiting for them. An update calls this when it descends into a node: the 15
    /// siblings whose hashes the node's rehash reads afterwards sit at random places, and read
    /// only then, each is a cache miss that stalls. Fetched now, they arrive while the updated
    /// subtree below is rebuilt and hashed (the gather of sibling hashes fell from about 0.55 us
    /// to 0.25 us per rehashed node with a million accounts). A hint only: it changes no result,
    /// and does nothing where the instruction is not available.
    /// </summary>
    public unsafe void PrefetchHashes(in SmtChildRefs children)
    {
        if (!Sse.IsSupported || !_hashed)
        {
            return;
        }

        Hash32[][] internalHashes = Volatile.Read(ref _internalHashes);
        Hash32[][] leafHashes = Volatile.Read(ref _leafHashes);
        for (int i = 0; i < SmtHashing.Arity; i++)
        {
            int reference = children[i];
            if (SmtRef.IsInternal(reference))
            {
                int index = SmtRef.InternalIndex(reference);
                Sse.Prefetch0(Unsafe.AsPointer(ref internalHashes[index >> ChunkShift][index & ChunkMask]));
            }
            else if (SmtRef.IsLeaf(reference))
            {
                int index = SmtRef.LeafIndex(reference);
                Sse.Prefetch0(Unsafe.AsPointer(ref leafHashes[index >> ChunkShift][index & ChunkMask]));
            }
        }
    }

    /// <summary>Asks the CPU to start loading the node a reference points to (a hint, as <see cref="PrefetchHashes"/>).</summary>
    public unsafe void PrefetchNode(int reference)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        if (SmtRef.IsInternal(reference))
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.AsRef(in Children(SmtRef.InternalIndex(reference)))));
        }
        else if (SmtRef.IsLeaf(reference))
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.AsRef(in Leaf(SmtRef.LeafIndex(reference)))));
        }
    }

    /// <summary>Appends an interior node and returns its reference. Caller holds <see cref="WriteLock"/>.</summary>
    public int AddInternal(in SmtChildRefs children, Hash32 hash)
    {
        int index = _internalCount;
        Slot(ref _internals, index) = children;
        if (_hashed)
        {
            Slot(ref _internalHashes, index) = hash;
        }

        Volatile.Write(ref _internalCount, index + 1);
        return SmtRef.ToInternal(index);
    }

    /// <summary>Appends a leaf and returns its reference. Caller holds <see cref="WriteLock"/>.</summary>
    public int AddLeaf(Hash32 key, Hash32 hash, TValue value)
    {
        int index = _leafCount;
        ref SmtLeafNode<TValue> slot = ref Slot(ref _leaves, index);
        slot.Key = key;
        slot.Value = value;
        if (_hashed)
        {
            Slot(ref _leafHashes, index) = hash;
        }

        Volatile.Write(ref _leafCount, index + 1);
        return SmtRef.ToLeaf(index);
    }

    private static ref T Slot<T>(ref T[][] directory, int index)
    {
        if (index == int.MaxValue)
        {
            throw new InvalidOperationException("the state tree arena is full");
        }

        int chunk = index >> ChunkShift;
        int offset = index & ChunkMask;
        if (chunk == directory.Length)
        {
            // A new directory, so a reader holding the old one still finds every chunk it knew.
            // Uninitialised: every slot is written before the count that publishes it. The
            // first chunk starts small and doubles, so a small tree (a test's, the certificates)
            // does not cost a full chunk per node kind.
            var grown = new T[chunk + 1][];
            directory.CopyTo(grown, 0);
            grown[chunk] = GC.AllocateUninitializedArray<T>(chunk == 0 ? FirstChunkSize : ChunkSize);
            Volatile.Write(ref directory, grown);
        }
        else if (chunk == 0 && offset == directory[0].Length)
        {
            // Copy, not resize in place: a reader still on the old first chunk reads the same
            // nodes there, and only indices written after this can be found in the new one.
            T[] larger = GC.AllocateUninitializedArray<T>(Math.Min(ChunkSize, 2 * offset));
            directory[0].CopyTo(larger, 0);
            T[][] replaced = [.. directory];
            replaced[0] = larger;
            Volatile.Write(ref directory, replaced);
        }

        return ref directory[chunk][offset];
    }
}
