using Ledger.Consensus.Messages;

namespace Ledger.Consensus.Sync;

/// <summary>
/// Builds the answer to a <see cref="SyncRequest"/>: the target's ancestors above the requested
/// height, oldest first, at most <c>maxBlocks</c>, plus the QC of the last one (the next block's
/// justify, or the target's own QC). Walks uncommitted blocks by parent link and jumps to the
/// committed chain by height as soon as the walk reaches it, so the cost is bounded by the
/// uncommitted depth plus the blocks returned.
/// </summary>
public static class SyncResponder
{
    public static SyncResponse Respond(SyncRequest request, IBlockSource source, int maxBlocks)
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
        Block lowest = walked[0];
        for (ulong h = request.AboveHeight + 1; h < lowest.Height && chain.Count < maxBlocks; h++)
        {
            if (source.FindCommittedAt(h) is not { } committed)
            {
                return SyncResponse.Empty;
            }

            chain.Add(committed);
        }

        foreach (Block block in walked)
        {
            if (chain.Count >= maxBlocks)
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
            return successor is null ? SyncResponse.Empty : new SyncResponse(chain, successor.Justify);
        }

        if (source.FindQc(target.Id) is { } targetQc)
        {
            return new SyncResponse(chain, targetQc);
        }

        // The target's own QC is unknown here: return its ancestors, certified by its justify.
        chain.RemoveAt(chain.Count - 1);
        return chain.Count == 0 ? SyncResponse.Empty : new SyncResponse(chain, target.Justify);
    }
}
