using Google.Protobuf;
using Grpc.Core;
using Ledger.Crypto;
using Ledger.Node.Protos.Replica;
using Ledger.Node.Runtime;

namespace Ledger.Node.Services;

/// <summary>
/// The replica-to-replica service. Every call first names the calling validator from its TLS
/// certificate; messages then go to the event loop as opaque bytes (the core checks their
/// signatures). Requests are validated before anything is touched.
/// </summary>
public sealed class ReplicaService(NodeContext node) : Replica.ReplicaBase
{
    /// <summary>Most committed blocks one sync request returns.</summary>
    public const int MaxBlocksPerRequest = 128;

    public override async Task<DeliverAck> Deliver(ConsensusEnvelope request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var peer = node.Authenticator.Authenticate(context);
        if (request.Message.IsEmpty)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "empty consensus message"));
        }

        // Waits while the loop's channel is full: back-pressure reaches the sender, nothing is dropped.
        await node.Loop.PostAsync(new ReplicaEvent.MessageReceived(peer, request.Message.ToByteArray(), node.Time.GetUtcNow()), context.CancellationToken).ConfigureAwait(false);
        return new DeliverAck();
    }

    public override Task<GossipAck> GossipTransactions(TransactionBatch request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        node.Authenticator.Authenticate(context);
        if (request.Transactions.Any(t => t.IsEmpty || t.Length > node.MaxTransactionBytes))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"every gossiped transaction must be 1..{node.MaxTransactionBytes} bytes"));
        }

        // Gossip is not passed on again: every validator sends what its clients gave it to all peers directly.
        var verdicts = node.Mempool.Submit(request.Transactions.Select(t => t.Memory).ToList(), node.Time.GetUtcNow());
        node.Metrics.SetMempoolSize(node.Mempool.Count);
        var admitted = verdicts.Count(v => v.Status == Mempool.SubmitStatus.Accepted);
        return Task.FromResult(new GossipAck { Admitted = (uint)admitted, Rejected = (uint)(verdicts.Count - admitted) });
    }

    public override Task<CommittedBlocksResponse> GetCommittedBlocks(CommittedBlocksRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        node.Authenticator.Authenticate(context);
        if (request.FromHeight == 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "from_height starts at 1 (height 0 is genesis)"));
        }

        var max = request.MaxBlocks is 0 or > MaxBlocksPerRequest ? MaxBlocksPerRequest : (int)request.MaxBlocks;
        var response = new CommittedBlocksResponse { CommittedHeight = node.Loop.Tip.Height };
        for (var height = request.FromHeight; height < request.FromHeight + (ulong)max; height++)
        {
            if (node.Queries.GetBlock(height) is not { } stored)
            {
                break;
            }

            var certificate = CommitCertificate.Decode(stored.Certificate);
            response.Blocks.Add(new CommittedBlock
            {
                Height = height,
                Block = UnsafeByteOperations.UnsafeWrap(certificate.Block),
                Certificate = UnsafeByteOperations.UnsafeWrap(certificate.Evidence),
            });
        }

        return Task.FromResult(response);
    }

    public override async Task<BlockByIdResponse> GetBlock(BlockByIdRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        node.Authenticator.Authenticate(context);
        if (request.BlockId.Length != Hash32.Size)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"block_id must be {Hash32.Size} bytes, got {request.BlockId.Length}"));
        }

        var id = new Hash32(request.BlockId.Span);
        var ancestors = (int)Math.Min(request.MaxAncestors, (uint)Network.PeerNetwork.MaxAncestorsPerFetch);
        var blocks = await node.Loop.QueryAsync(engine => engine.GetBlockWithAncestors(id, ancestors), context.CancellationToken).ConfigureAwait(false);
        var response = new BlockByIdResponse();
        response.Blocks.AddRange(blocks.Select(b => UnsafeByteOperations.UnsafeWrap(b)));
        return response;
    }
}
