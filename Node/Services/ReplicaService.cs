using Google.Protobuf;
using Grpc.Core;
using Ledger.Consensus.Codec;
using Ledger.Consensus.Core;
using Ledger.Node.Network;
using Ledger.Node.Protos.Replica;
using Microsoft.Extensions.Hosting;

namespace Ledger.Node.Services;

/// <summary>
/// The replica-to-replica service. Every call first names the calling validator from its TLS
/// certificate; messages are decoded here (malformed bytes are refused with INVALID_ARGUMENT and
/// change nothing) and handed to the event loop, whose core checks every signature. Sync replies
/// are built off the loop (<see cref="Runtime.SyncServer"/>), within per-peer bounds.
/// </summary>
public sealed class ReplicaService(NodeContext node, IHostApplicationLifetime lifetime) : Replica.ReplicaBase
{
    /// <summary>
    /// A peer link's traffic on one call: every message is checked and handled as Deliver and
    /// GossipTransactions handle theirs, in the order sent. The caller is named from its TLS
    /// certificate when the call starts and again before each message (the verdict is cached, so
    /// a revocation bites within PeerAuthenticator.RecheckAfter, as it does for unary calls); a
    /// malformed or oversize message ends the call with INVALID_ARGUMENT and is not handled.
    /// </summary>
    public override async Task<LinkClosed> Link(IAsyncStreamReader<PeerMessage> requestStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(requestStream);
        ArgumentNullException.ThrowIfNull(context);
        var peer = node.Authenticator.Authenticate(context);
        using var open = node.InboundLinks.TryOpen(peer);
        if (open is null)
        {
            node.Metrics.PeerLinkRefused(peer);
            throw new RpcException(new Status(StatusCode.ResourceExhausted, $"peer {peer} already holds {InboundLinks.MaxPerPeer} links open"));
        }

        // The call's body is endless by design: each message is bounded by the service's
        // MaxReceiveMessageSize, not the whole request by Kestrel's MaxRequestBodySize.
        var bodySize = context.GetHttpContext().Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>();
        if (bodySize is { IsReadOnly: false })
        {
            bodySize.MaxRequestBodySize = null;
        }

        await context.WriteResponseHeadersAsync(new Metadata { { PeerLink.AcceptedHeader, PeerLink.AcceptedValue } }).ConfigureAwait(false);

        // A link never ends on its own, and a stopping server waits for the calls it serves: the
        // call ends (answered) when this node starts to stop, and the peer's link reconnects later.
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        ulong received = 0;
        try
        {
            while (await requestStream.MoveNext(ended.Token).ConfigureAwait(false))
            {
                node.Authenticator.Authenticate(context);
                var message = requestStream.Current;
                switch (message.BodyCase)
                {
                    case PeerMessage.BodyOneofCase.Consensus:
                        await DeliverAsync(message.Consensus, ended.Token).ConfigureAwait(false);
                        break;
                    case PeerMessage.BodyOneofCase.Transactions:
                        Gossip(message.Transactions);
                        break;
                    default:
                        throw new RpcException(new Status(StatusCode.InvalidArgument, "a link message carries a consensus message or a transaction batch"));
                }

                received++;
            }
        }
        catch (Exception ex) when (ended.IsCancellationRequested && ex is OperationCanceledException or IOException)
        {
            // The peer ended the call (its link stopped or reconnects), or this node is stopping.
        }

        return new LinkClosed { Received = received };
    }

    public override async Task<DeliverAck> Deliver(ConsensusEnvelope request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        node.Authenticator.Authenticate(context);
        await DeliverAsync(request, context.CancellationToken).ConfigureAwait(false);
        return new DeliverAck();
    }

    public override Task<GossipAck> GossipTransactions(TransactionBatch request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        node.Authenticator.Authenticate(context);
        return Task.FromResult(Gossip(request));
    }

    /// <summary>Decodes one consensus message (malformed: INVALID_ARGUMENT, nothing changes) and posts it to the loop.</summary>
    private async Task DeliverAsync(ConsensusEnvelope request, CancellationToken ct)
    {
        ConsensusInput input;
        try
        {
            input = request.Kind switch
            {
                MessageKind.Proposal => new ProposalReceived(ConsensusCodec.DecodeProposal(request.Message.Span, node.ChainId)),
                MessageKind.Vote => new VoteReceived(ConsensusCodec.DecodeVote(request.Message.Span)),
                MessageKind.Timeout => new TimeoutReceived(ConsensusCodec.DecodeTimeout(request.Message.Span)),
                _ => throw new FormatException($"unknown message kind {request.Kind}"),
            };
        }
        catch (FormatException ex)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"malformed {request.Kind}: {ex.Message}"));
        }

        // Waits while the loop's channel is full: back-pressure reaches the sender, nothing is dropped.
        try
        {
            await node.Loop.PostAsync(input, ct).ConfigureAwait(false);
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"this node's event loop has stopped (mode {node.Mode.Current.Name}: {node.Mode.Current.Reason})"));
        }
    }

    /// <summary>
    /// Takes a peer's gossip batch (a transaction outside 1..MaxTransactionBytes: INVALID_ARGUMENT,
    /// nothing admitted) and answers at once; admission (its signatures checked on the verifier
    /// threads) carries on after the answer. A peer's link carries its consensus messages and gossip
    /// in order on one call, so gossip that waited for its signatures (at a lower OS priority, behind
    /// clients' batches) held the sender's next proposal, vote or timeout to this node behind them.
    /// The answer therefore promises nothing (its counts are 0) and gossip is never retried: when
    /// the verifiers' queue is full the batch's transactions are dropped here (counted in
    /// <c>ledger_limit_refusals_total{limit="verifierQueueItems"}</c>), and the validator that
    /// acknowledged them to its client still holds them and proposes them itself. What is in
    /// flight is bounded by that queue.
    /// </summary>
    private GossipAck Gossip(TransactionBatch request)
    {
        if (request.Transactions.Any(t => t.IsEmpty || t.Length > node.MaxTransactionBytes))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"every gossiped transaction must be 1..{node.MaxTransactionBytes} bytes"));
        }

        if (request.Transactions.Count == 0)
        {
            // The link's probe: it asks only that this node answers.
            return new GossipAck();
        }

        // Gossip is not passed on again: each validator sends what its clients gave it to all peers directly.
        _ = AdmitGossipAsync(node.Mempool.SubmitAsync(request.Transactions.Select(t => t.Memory).ToList(), node.Time.GetUtcNow()));
        return new GossipAck();
    }

    private async Task AdmitGossipAsync(Task<IReadOnlyList<Mempool.SubmitVerdict>> admission)
    {
        try
        {
            await admission.ConfigureAwait(false);
            node.Metrics.SetMempoolSize(node.Mempool.Count);
        }
        catch (OperationCanceledException)
        {
            // The node is stopping: its verifiers cancelled what was queued.
        }
    }

    public override async Task<SyncEnvelope> Sync(SyncEnvelope request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var peer = node.Authenticator.Authenticate(context);
        Consensus.Messages.SyncRequest sync;
        try
        {
            sync = ConsensusCodec.DecodeSyncRequest(request.Message.Span);
        }
        catch (FormatException ex)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"malformed sync request: {ex.Message}"));
        }

        using var admitted = node.Sync.TryAdmit(peer, out var refusal)
            ?? throw new RpcException(new Status(StatusCode.ResourceExhausted, refusal));
        Consensus.Messages.SyncResponse response;
        try
        {
            response = await node.Sync.RespondAsync(sync, context.CancellationToken).ConfigureAwait(false);
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"this node's event loop has stopped (mode {node.Mode.Current.Name})"));
        }

        return new SyncEnvelope { Message = UnsafeByteOperations.UnsafeWrap(ConsensusCodec.Encode(response)) };
    }

    /// <summary>Epoch-change proofs for a peer (one installing a snapshot of a later epoch), as the client API answers them.</summary>
    public override Task<EpochProofs> GetEpochProofs(EpochProofsRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        node.Authenticator.Authenticate(context);
        var page = EpochProofAnswers.Read(node, request.FromEpoch, request.MaxProofs);
        var response = new EpochProofs { CurrentEpoch = page.CurrentEpoch };
        response.Proofs.AddRange(page.Proofs.Select(p => UnsafeByteOperations.UnsafeWrap(p.Encode())));
        return Task.FromResult(response);
    }

    public override async Task<SignedRoundReply> GetSignedRound(SignedRoundRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var peer = node.Authenticator.Authenticate(context);
        if (request.Challenge.Length != Crypto.Hash32.Size)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"a signed-round challenge is {Crypto.Hash32.Size} bytes, got {request.Challenge.Length}"));
        }

        using var admitted = node.Sync.TryAdmitSignedRound(peer, out var refusal)
            ?? throw new RpcException(new Status(StatusCode.ResourceExhausted, refusal));
        Consensus.Messages.SignedRound? answer;
        try
        {
            answer = await node.Sync.AnswerSignedRoundAsync(new Crypto.Hash32(request.Challenge.Span), context.CancellationToken).ConfigureAwait(false);
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"this node's event loop has stopped (mode {node.Mode.Current.Name})"));
        }

        return new SignedRoundReply { Answer = answer is null ? ByteString.Empty : UnsafeByteOperations.UnsafeWrap(ConsensusCodec.Encode(answer)) };
    }

    public override Task<SnapshotOffer> GetSnapshotOffer(SnapshotOfferRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var peer = node.Authenticator.Authenticate(context);
        if (node.Snapshots is not { } snapshots)
        {
            return Task.FromResult(new SnapshotOffer());
        }

        using var admitted = snapshots.TryAdmit(peer, out var refusal)
            ?? throw new RpcException(new Status(StatusCode.ResourceExhausted, refusal));
        return Task.FromResult(snapshots.Offer() is { } offer
            ? new SnapshotOffer
            {
                Height = offer.Height,
                BlockId = ByteString.CopyFrom(offer.BlockId.ToArray()),
                StateRoot = ByteString.CopyFrom(offer.StateRoot.ToArray()),
                Size = (ulong)offer.Size,
                Checksum = ByteString.CopyFrom(offer.Checksum.ToArray()),
                Certificate = ByteString.CopyFrom(offer.Certificate),
            }
            : new SnapshotOffer());
    }

    public override Task<SnapshotChunk> GetSnapshotChunk(SnapshotChunkRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var peer = node.Authenticator.Authenticate(context);
        var snapshots = node.Snapshots ?? throw new RpcException(new Status(StatusCode.NotFound, $"no snapshot at height {request.Height}"));
        using var admitted = snapshots.TryAdmit(peer, out var refusal)
            ?? throw new RpcException(new Status(StatusCode.ResourceExhausted, refusal));
        byte[] data;
        try
        {
            data = snapshots.Chunk(request.Height, request.Offset, request.Length)
                ?? throw new RpcException(new Status(StatusCode.NotFound, $"no snapshot at height {request.Height} (pruned since it was offered?): ask for the newest offer again"));
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new RpcException(new Status(StatusCode.OutOfRange, ex.Message));
        }

        return Task.FromResult(new SnapshotChunk { Data = UnsafeByteOperations.UnsafeWrap(data) });
    }
}
