using System.Collections.Concurrent;
using Ledger.Crypto;

namespace Ledger.Node.Mempool;

/// <summary>
/// Transactions this node committed since it started (or within the retention), so admission
/// can answer "is it committed?" from memory instead of a LiteDB lookup under the store gate for
/// every client submission and every gossiped transaction, which contended with block commits.
/// A transfer stamped T commits only in a block whose time is in [T - skew, T + window]; when
/// T - skew is after both the head at start-up and every pruned block, every block that could
/// hold it is recorded here, so "not here" means "not committed". Otherwise the caller asks the
/// store. Thread-safe: the ledger committer records (before the commit notification), gRPC threads read.
/// </summary>
public sealed class RecentCommits
{
    private readonly ConcurrentDictionary<Hash32, ulong> _heights = new();
    private readonly Queue<(ulong Height, long TimestampMs, Hash32[] Ids)> _blocks = new();
    private readonly Lock _gate = new();
    private readonly long _retainMs;
    private long _coveredAfterMs;

    /// <param name="headTimestampMs">The committed head's block time when the node started: blocks up to it are not recorded here.</param>
    /// <param name="retainMs">How long (block time) a committed block's ids stay; at least the replay window plus the clock skew.</param>
    public RecentCommits(long headTimestampMs, long retainMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(retainMs);
        _coveredAfterMs = headTimestampMs;
        _retainMs = retainMs;
    }

    public int Count => _heights.Count;

    /// <summary>Records a committed block's transactions (a replay keeps its first height), pruning blocks older than the retention.</summary>
    public void Record(ulong height, long blockTimestampMs, IReadOnlyList<Hash32> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        lock (_gate)
        {
            foreach (var id in ids)
            {
                _heights.TryAdd(id, height);
            }

            _blocks.Enqueue((height, blockTimestampMs, [.. ids]));
            while (_blocks.Count > 0 && _blocks.Peek().TimestampMs < blockTimestampMs - _retainMs)
            {
                var (prunedHeight, prunedAt, prunedIds) = _blocks.Dequeue();
                foreach (var id in prunedIds)
                {
                    // Only the entry this block put there (a replay in a later block kept the first height).
                    _heights.TryRemove(new KeyValuePair<Hash32, ulong>(id, prunedHeight));
                }

                _coveredAfterMs = Math.Max(_coveredAfterMs, prunedAt);
            }
        }
    }

    /// <summary>
    /// The commit height when recorded; null when a transfer stamped <paramref name="transferTimestampMs"/>
    /// certainly did not commit; or <paramref name="unknown"/> = true when only the store can tell.
    /// </summary>
    public ulong? Lookup(Hash32 id, long transferTimestampMs, long maxClockSkewMs, out bool unknown)
    {
        if (_heights.TryGetValue(id, out var height))
        {
            unknown = false;
            return height;
        }

        lock (_gate)
        {
            unknown = (Int128)transferTimestampMs - maxClockSkewMs <= _coveredAfterMs;
        }

        return null;
    }
}
