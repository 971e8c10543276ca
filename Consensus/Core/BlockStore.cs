using Ledger.Consensus.Messages;
using Ledger.Crypto;

namespace Ledger.Consensus.Core;

/// <summary>
/// The uncommitted block tree above the committed root: each block with its QC (once seen) and the
/// state root its execution produced (once executed). Bounded by a block count; pruned to the
/// descendants of each new committed root.
/// </summary>
internal sealed class BlockStore
{
    private readonly Dictionary<Hash32, Entry> _blocks = [];
    private readonly Dictionary<Hash32, List<Hash32>> _children = [];
    private readonly int _capacity;

    public BlockStore(CommittedRoot root, int capacity)
    {
        Root = root;
        _capacity = capacity;
    }

    public CommittedRoot Root { get; private set; }

    public int Count => _blocks.Count;

    public bool Contains(Hash32 id) => id == Root.BlockId || _blocks.ContainsKey(id);

    public Entry? Get(Hash32 id) => _blocks.GetValueOrDefault(id);

    /// <summary>Round, height and timestamp of a known block (the root included).</summary>
    public bool TryGetPosition(Hash32 id, out ulong round, out ulong height, out long timestampMs)
    {
        if (id == Root.BlockId)
        {
            (round, height, timestampMs) = (Root.Round, Root.Height, Root.TimestampMs);
            return true;
        }

        if (_blocks.TryGetValue(id, out Entry? entry))
        {
            (round, height, timestampMs) = (entry.Block.Round, entry.Block.Height, entry.Block.TimestampMs);
            return true;
        }

        (round, height, timestampMs) = (0, 0, 0);
        return false;
    }

    /// <summary>State root of a known, executed block (the root's is always known).</summary>
    public Hash32? StateRootOf(Hash32 id) => id == Root.BlockId ? Root.StateRoot : _blocks.GetValueOrDefault(id)?.StateRoot;

    public QuorumCertificate? QcOf(Hash32 id) => id == Root.BlockId ? Root.Qc : _blocks.GetValueOrDefault(id)?.Qc;

    /// <summary>Adds a block whose parent is known; false when it is not or the store is full.</summary>
    public InsertResult Insert(Block block)
    {
        if (_blocks.ContainsKey(block.Id))
        {
            return InsertResult.Duplicate;
        }

        if (block.Height <= Root.Height)
        {
            return InsertResult.BelowRoot;
        }

        if (!Contains(block.ParentId))
        {
            return InsertResult.UnknownParent;
        }

        if (_blocks.Count >= _capacity)
        {
            return InsertResult.Full;
        }

        _blocks[block.Id] = new Entry(block);
        if (!_children.TryGetValue(block.ParentId, out List<Hash32>? siblings))
        {
            siblings = [];
            _children[block.ParentId] = siblings;
        }

        siblings.Add(block.Id);

        // The justify QC certifies the parent.
        if (_blocks.TryGetValue(block.ParentId, out Entry? parent))
        {
            parent.Qc ??= block.Justify;
        }

        return InsertResult.Inserted;
    }

    public IReadOnlyList<Hash32> ChildrenOf(Hash32 id) => _children.TryGetValue(id, out List<Hash32>? c) ? c : [];

    /// <summary>The blocks from just above the root to <paramref name="id"/>, oldest first; null if not connected.</summary>
    public List<Entry>? PathFromRoot(Hash32 id)
    {
        var path = new List<Entry>();
        Hash32 cursor = id;
        while (cursor != Root.BlockId)
        {
            if (!_blocks.TryGetValue(cursor, out Entry? entry))
            {
                return null;
            }

            path.Add(entry);
            cursor = entry.Block.ParentId;
        }

        path.Reverse();
        return path;
    }

    /// <summary>
    /// Makes <paramref name="newRoot"/> the root and drops every block that does not descend from
    /// it; returns the ids of dropped blocks that were not committed (abandoned branches).
    /// </summary>
    public List<Hash32> Prune(CommittedRoot newRoot, IReadOnlySet<Hash32> committed)
    {
        var keep = new HashSet<Hash32>();
        var stack = new Stack<Hash32>();
        stack.Push(newRoot.BlockId);
        while (stack.Count > 0)
        {
            foreach (Hash32 child in ChildrenOf(stack.Pop()))
            {
                if (keep.Add(child))
                {
                    stack.Push(child);
                }
            }
        }

        var abandoned = new List<Hash32>();
        foreach (Hash32 id in _blocks.Keys.ToList())
        {
            if (!keep.Contains(id))
            {
                _blocks.Remove(id);
                if (id != newRoot.BlockId)
                {
                    _children.Remove(id);
                }

                if (!committed.Contains(id))
                {
                    abandoned.Add(id);
                }
            }
        }

        _children.Remove(Root.BlockId);
        Root = newRoot;
        abandoned.Sort();
        return abandoned;
    }

    /// <summary>
    /// Makes <paramref name="newRoot"/> the root and drops every block, its descendants included (a
    /// new epoch starts from the root alone); returns the ids of dropped blocks not committed.
    /// </summary>
    public List<Hash32> Restart(CommittedRoot newRoot, IReadOnlySet<Hash32> committed)
    {
        List<Hash32> abandoned = [.. _blocks.Keys.Where(id => !committed.Contains(id))];
        _blocks.Clear();
        _children.Clear();
        Root = newRoot;
        abandoned.Sort();
        return abandoned;
    }

    internal enum InsertResult
    {
        Inserted,
        Duplicate,
        BelowRoot,
        UnknownParent,
        Full,
    }

    internal sealed class Entry(Block block)
    {
        public Block Block { get; } = block;

        public QuorumCertificate? Qc { get; set; }

        public Hash32? StateRoot { get; set; }

        public bool ExecutionRequested { get; set; }

        public bool Rejected { get; set; }

        /// <summary>
        /// This replica's clock when it found the block's timestamp timely (null until a proposal of
        /// the block passed that check; a block that came by sync has not): the clock its vote carries.
        /// </summary>
        public long? ObservedMs { get; set; }

        /// <summary>
        /// The application found nothing to execute in the payload (an empty or heartbeat block);
        /// false until executed. Only an empty block needs no further blocks to commit it.
        /// </summary>
        public bool Empty { get; set; }

        /// <summary>Set when execution reported a validator-set change: this block ends its epoch.</summary>
        public EpochChange? NextEpoch { get; set; }
    }
}
