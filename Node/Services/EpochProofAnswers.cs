using Grpc.Core;
using Ledger.Node.Observability;

namespace Ledger.Node.Services;

/// <summary>
/// GetEpochProofs on either endpoint: max_proofs 0 takes <c>limits.epochProofsPerCall</c>, more is
/// refused with OUT_OF_RANGE naming the limit; the answer is bounded by
/// <c>limits.epochProofReplyBytes</c> and counted.
/// </summary>
public static class EpochProofAnswers
{
    public static EpochProofPage Read(NodeContext node, ulong fromEpoch, uint maxProofs)
    {
        ArgumentNullException.ThrowIfNull(node);
        int limit = node.Limits.EpochProofsPerCall;
        if (maxProofs > limit)
        {
            node.Metrics.LimitRefused(LimitNames.EpochProofsPerCall);
            throw new RpcException(new Status(StatusCode.OutOfRange,
                $"max_proofs {maxProofs} is over this node's limit {limit} (limits.epochProofsPerCall); ask for at most {limit} or 0"));
        }

        EpochProofPage page = node.EpochProofs.Read(fromEpoch, maxProofs == 0 ? limit : (int)maxProofs, node.Limits.EpochProofReplyBytes);
        node.Metrics.EpochProofsServed(page.Proofs.Count, node.EpochProofs.IndexedEpochs);
        return page;
    }
}
