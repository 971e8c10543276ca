using Ledger.Consensus.Messages;

namespace Ledger.Consensus.Sync;

/// <summary>
/// Builds the answer to a <see cref="SyncRequest"/>: the target's ancestors above the requested
/// height, oldest first, at most <c>maxBlocks</c> and <c>maxBytes</c> encoded (but always at least
/// one block: the requester asks again from where the answer ended), plus the QC of the last one
/// (the next block's justify, or the target's own QC). Walks uncommitted blocks by parent link and
/// jumps to the committed chain by height as soon as the walk reaches it, so the cost is bounded by
/// the uncommitted depth plus the blocks returned.
/// </summary>
public static class SyncResponder
{
    /// <param name="maxBytes">
    /// Bound on the whole encoded response (<see cref="Codec.ConsensusCodec.Encode(SyncResponse)"/>),
    /// framing and tip QC included; a first block larger than it is still returned alone.
    /// </param>
    public static SyncResponse Respond(SyncRequest request, IBlockSource source, int maxBlocks, long maxBytes = long.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(source);
        Block? target = source.FindBlock(request.TargetBlockId);
        if (target is null || target.Height <= request.AboveHeight || maxBlocks <= 0)
        {
            return SyncResponse.Empty;
        }

        // Walk down the uncommitted part (newest first) until the committed chain takes over.
        var walked = new List<Block>();
        Block cursor = target;
        while (true)
        {
            walked.Add(cursor);
            if (cursor.Height <= request.AboveHeight + 1 || source.FindCommittedAt(cursor.Height)?.Id == cursor.Id)
            {
                break;
            }

            if (source.FindBlock(cursor.ParentId) is not { } parent)
            {
                return SyncResponse.Empty;
            }

            cursor = parent;
        }

        walked.Reverse();
        var chain = new List<Block>();
        var budget = new ReplyBudget(maxBlocks, maxBytes);
        Block lowest = walked[0];
        for (ulong h = request.AboveHeight + 1; h < lowest.Height && !budget.Full; h++)
        {
            if (source.FindCommittedAt(h) is not { } committed)
            {
                return SyncResponse.Empty;
            }

            // One epoch per answer: its blocks verify against one set.
            if ((chain.Count > 0 && committed.Epoch != chain[0].Epoch) || !budget.TryAdd(committed))
            {
                break;
            }

            chain.Add(committed);
        }

        foreach (Block block in walked)
        {
            if (budget.Full || (chain.Count > 0 && block.Epoch != chain[0].Epoch) || !budget.TryAdd(block))
            {
                break;
            }

            chain.Add(block);
        }

        Block last = chain[^1];
        if (last.Id != target.Id)
        {
            // The next block on the path carries the QC of the last one returned.
            Block? successor = last.Height + 1 < lowest.Height
                ? source.FindCommittedAt(last.Height + 1)
                : walked[(int)(last.Height + 1 - lowest.Height)];
            if (successor is not null && successor.Epoch != last.Epoch)
            {
                // The last block ended its epoch (the next one starts from its epoch-genesis QC, which
                // certifies nothing): send its own QC and the rest of its commit evidence.
                if (source.FindQc(last.Id) is not { } endQc || source.FindEpochEndEvidence(last.Id) is not { Count: > 0 and <= SyncResponse.MaxEpochEndQcs } rest)
                {
                    return SyncResponse.Empty;
                }

                // The evidence counts against the byte limit like the blocks: when it does not fit
                // beside them, the answer stops one block short (the epoch-ending block then comes
                // first in the next answer, which always has room for it and its evidence).
                if (chain.Count > 1 && !budget.Fits(rest.Sum(q => (long)Codec.ConsensusCodec.EncodedLength(q))))
                {
                    chain.RemoveAt(chain.Count - 1);
                    return new SyncResponse(chain, last.Justify);
                }

                return new SyncResponse(chain, endQc) { EpochEndQcs = rest };
            }

            return successor is null ? SyncResponse.Empty : new SyncResponse(chain, successor.Justify);
        }

        if (source.FindQc(target.Id) is { } targetQc)
        {
            // A target that ended its epoch (the next epoch's first block and its epoch-genesis QC
            // name it): the rest of its commit evidence, or the requester could never commit it.
            return source.FindEpochEndEvidence(target.Id) is { Count: > 0 and <= SyncResponse.MaxEpochEndQcs } rest
                ? new SyncResponse(chain, targetQc) { EpochEndQcs = rest }
                : new SyncResponse(chain, targetQc);
        }

        // The target's own QC is unknown here: return its ancestors, certified by its justify.
        chain.RemoveAt(chain.Count - 1);
        return chain.Count == 0 ? SyncResponse.Empty : new SyncResponse(chain, target.Justify);
    }

    /// <summary>Blocks and bytes taken so far; the first block always fits.</summary>
    private sealed class ReplyBudget(int maxBlocks, long maxBytes)
    {
        private readonly long _maxBlockBytes = maxBytes - Codec.ConsensusCodec.SyncResponseOverhead;
        private int _blocks;
        private long _bytes;

        public bool Full { get; private set; } = maxBlocks <= 0;

        /// <summary>Whether <paramref name="bytes"/> more fit beside the blocks taken.</summary>
        public bool Fits(long bytes) => _bytes + bytes <= _maxBlockBytes;

        public bool TryAdd(Block block)
        {
            long size = Codec.ConsensusCodec.EncodedLength(block);
            if (_blocks > 0 && _bytes + size > _maxBlockBytes)
            {
                Full = true;
                return false;
            }

            _blocks++;
            _bytes += size;
            Full = _blocks >= maxBlocks;
            return true;
        }
    }
}
