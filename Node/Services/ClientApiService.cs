using Google.Protobuf;
using Grpc.Core;
using Ledger.Client.Evidence;
using Ledger.Client.Protos;
using Ledger.Crypto;
using Ledger.Node.Mempool;
using Ledger.Node.Modes;
using Ledger.Node.Observability;
using Ledger.Node.Runtime;

namespace Ledger.Node.Services;

/// <summary>
/// The client API. Every answer carries its evidence (a transaction or state proof plus the QC
/// chain that certifies the state root it reaches); reads carry the node's staleness.
/// Bad input is refused with INVALID_ARGUMENT before anything is touched; a full mempool, a
/// sender at its quota of it, or signature verifiers with a full queue answer RESOURCE_EXHAUSTED
/// naming the limit, as do transfer proofs and commit streams at theirs. Submissions await their
/// signature checks on the verifier threads instead of running them on a thread-pool thread.
/// </summary>
public sealed class ClientApiService(NodeContext node) : LedgerClient.LedgerClientBase
{
    public override async Task<SubmitTransferResponse> SubmitTransfer(SubmitTransferRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckTransferSize(request.Transfer, "transfer");
        RefuseWhenHalted();
        var bytes = request.Transfer.Memory;
        var verdict = (await node.Mempool.SubmitAsync([bytes], node.Time.GetUtcNow()).ConfigureAwait(false))[0];
        node.Metrics.SetMempoolSize(node.Mempool.Count);
        SubmitAnswers.CountRefusal(verdict, node.Metrics);
        var response = SubmitAnswers.From(verdict);
        switch (response.Outcome)
        {
            case SubmitOutcome.Accepted:
                node.Peers.Gossip([bytes]);
                break;
            case SubmitOutcome.AlreadyCommitted when ProveCommitted(verdict.Id) is { } committed:
                response.Committed = TransferProofs.From(committed);
                response.Message = $"already committed at height {committed.Proof.Height}";
                break;
            case SubmitOutcome.ResourceExhausted:
                throw new RpcException(new Status(StatusCode.ResourceExhausted, verdict.Message));
            default:
                break;
        }

        return response;
    }

    /// <summary>
    /// Many transactions in one call: one admission pass (their signatures verified as one
    /// parallel batch) and one gossip hand-off, instead of a call, a batch of one and a queue entry
    /// per transaction. Every item is checked for size before any is admitted, so a bad item
    /// refuses the whole call and changes nothing; a call with more than
    /// <c>limits.submitBatchTransfers</c> items is refused with OUT_OF_RANGE and counted. A full
    /// mempool or sender quota is a per-item RESOURCE_EXHAUSTED outcome, so the items admitted
    /// before it stay admitted and the client offers only the others again.
    /// </summary>
    public override async Task<SubmitTransfersResponse> SubmitTransfers(SubmitTransfersRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var limit = node.Limits.SubmitBatchTransfers;
        if (request.Transfers.Count > limit)
        {
            throw Refuse(LimitNames.SubmitBatchTransfers, StatusCode.OutOfRange,
                $"{request.Transfers.Count} transfers is over this node's batch limit {limit} (limits.submitBatchTransfers); split the batch");
        }

        for (var i = 0; i < request.Transfers.Count; i++)
        {
            CheckTransferSize(request.Transfers[i], $"transfers[{i}]");
        }

        RefuseWhenHalted();
        var response = new SubmitTransfersResponse();
        if (request.Transfers.Count == 0)
        {
            return response;
        }

        var items = request.Transfers.Select(t => t.Memory).ToList();
        var verdicts = await node.Mempool.SubmitAsync(items, node.Time.GetUtcNow()).ConfigureAwait(false);
        node.Metrics.SetMempoolSize(node.Mempool.Count);
        var accepted = new List<ReadOnlyMemory<byte>>(items.Count);
        for (var i = 0; i < verdicts.Count; i++)
        {
            SubmitAnswers.CountRefusal(verdicts[i], node.Metrics);
            if (verdicts[i].Status == SubmitStatus.Accepted)
            {
                accepted.Add(items[i]);
            }

            response.Results.Add(SubmitAnswers.From(verdicts[i]));
        }

        if (accepted.Count > 0)
        {
            node.Peers.Gossip(accepted);
        }

        return response;
    }

    private void CheckTransferSize(ByteString transfer, string field)
    {
        if (transfer.IsEmpty || transfer.Length > node.MaxTransactionBytes)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"{field} must be 1..{node.MaxTransactionBytes} bytes, got {transfer.Length}"));
        }
    }

    private void RefuseWhenHalted()
    {
        if (node.Mode.Current.Mode == NodeMode.Halted)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"node is halted: {node.Mode.Current.Reason}"));
        }
    }

    public override Task<GetTransferResponse> GetTransfer(GetTransferRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = ParseHash(request.TransactionId, "transaction_id");
        if (ProveCommitted(id) is { } committed)
        {
            return Task.FromResult(new GetTransferResponse { State = TransferState.Committed, Committed = TransferProofs.From(committed), Staleness = Staleness() });
        }

        var state = node.Mempool.Contains(id) ? TransferState.Pending : TransferState.Unknown;

        // A store installed from a snapshot knows only the transactions of its stored blocks:
        // "unknown" would be a wrong answer for one committed below them.
        var first = node.Ledger.FirstHeight;
        if (state == TransferState.Unknown && first > 1)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                $"transaction {id.ToShortHex()} is not in the blocks stored here ({first} onwards): this node was installed from a snapshot at height {first - 1} (or pruned older blocks) and cannot tell whether it committed below; ask another node"));
        }

        return Task.FromResult(new GetTransferResponse { State = state, Staleness = Staleness() });
    }

    public override Task<GetAccountResponse> GetAccount(GetAccountRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.PublicKey.Length != PublicKey.Size)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"public_key must be {PublicKey.Size} bytes, got {request.PublicKey.Length}"));
        }

        // One immutable snapshot for the proof and the height, so both describe the same block.
        var view = node.Ledger.Committed;
        var proof = view.State.ProveAccount(new PublicKey(request.PublicKey.Span));
        return Task.FromResult(new GetAccountResponse
        {
            Exists = proof.Account is not null,
            Balance = proof.Balance,
            StateProof = ByteString.CopyFrom(proof.ToBytes()),
            Evidence = BalanceEvidenceAt(view.Height),
            Staleness = Staleness(),
        });
    }

    public override Task<GetBlockResponse> GetBlock(GetBlockRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Height == 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "height starts at 1 (height 0 is genesis, described by genesis.json)"));
        }

        return Task.FromResult(node.Store.Run(() => node.Ledger.GetBlock(request.Height)) is { } block
            ? new GetBlockResponse { Found = true, Evidence = ToEvidence(block.Height, block.Certificate) }
            : new GetBlockResponse { Found = false });
    }

    public override Task<GetStatusResponse> GetStatus(GetStatusRequest request, ServerCallContext context)
    {
        var snapshot = node.Loop.Snapshot;
        var mode = node.Mode.Current;
        var response = new GetStatusResponse
        {
            Node = node.Name,
            ChainId = node.ChainId,
            CommittedHeight = snapshot.Height,
            CommittedBlockId = ByteString.CopyFrom(snapshot.BlockId.ToArray()),
            StateRoot = ByteString.CopyFrom(snapshot.StateRoot.ToArray()),
            Round = snapshot.Round,
            Leader = snapshot.Leader,
            Mode = mode.Name,
            ModeReason = mode.Reason,
            MempoolSize = (uint)node.Mempool.Count,
            Equivocations = (ulong)node.Equivocations.Count,
            LastCommitUnixMs = mode.LastCommit.ToUnixTimeMilliseconds(),
            Version = node.Version,
            ClientEndpoint = node.ClientEndpoint,
            MetricsEndpoint = node.MetricsEndpoint,
            PeerEndpoint = node.PeerEndpoint,
        };
        response.Peers.AddRange(node.Peers.Links.Select(l => new PeerStatus { Name = l.Name, Endpoint = l.Endpoint, Connected = l.Connected, Queued = (uint)l.Queued }));
        if (node.Certificates is { } certificates)
        {
            var now = certificates.Now;
            response.CertificateExpiryWarningDays = (uint)certificates.WarningDays;
            response.Certificates.AddRange(certificates.Certificates.Select(c => new CertificateExpiry
            {
                Kind = c.Kind,
                Subject = c.Subject,
                Serial = c.SerialHex,
                NotAfterUnixMs = c.NotAfter.ToUnixTimeMilliseconds(),
                DaysLeft = c.DaysLeft(now),
                ExpiresSoon = c.DaysLeft(now) < certificates.WarningDays,
            }));
        }

        return Task.FromResult(response);
    }

    /// <summary>
    /// Replays stored commits from <c>from_height</c> (at most <c>limits.commitReplayBlocks</c> per
    /// call; then OUT_OF_RANGE names the height to call again from), then follows new commits. One
    /// of at most <c>limits.commitSubscribers</c> streams; a stream more than
    /// <c>limits.commitSubscriberBuffer</c> commits behind is ended with RESOURCE_EXHAUSTED naming
    /// the height to resume from.
    /// </summary>
    public override async Task StreamCommits(StreamCommitsRequest request, IServerStreamWriter<CommitNotice> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        using var subscription = node.Feed.TrySubscribe() ?? throw Refuse(LimitNames.CommitSubscribers, StatusCode.ResourceExhausted,
            $"{node.Limits.CommitSubscribers} commit streams are open on this node (limits.commitSubscribers); retry later");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, subscription.Lagged);
        var replay = new CommitReplay(node, request.FromHeight, responseStream, stop.Token);
        try
        {
            // Replay to the head, then go live and replay what committed meanwhile; live notices
            // at or below what was sent are skipped, so nothing is sent twice or missed.
            await replay.ToHeadAsync().ConfigureAwait(false);
            subscription.GoLive();
            await replay.ToHeadAsync().ConfigureAwait(false);
            await foreach (var commit in subscription.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                if (commit.Height > replay.Sent)
                {
                    await replay.UpToAsync(commit.Height - 1).ConfigureAwait(false);
                    await responseStream.WriteAsync(Notice(commit), stop.Token).ConfigureAwait(false);
                    replay.Sent = commit.Height;
                }
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The client went away.
            return;
        }
        catch (OperationCanceledException) when (subscription.HasLagged)
        {
            // Falls through to the status below.
        }
        catch (CommitReplay.LimitReachedException)
        {
            throw Refuse(LimitNames.CommitReplayBlocks, StatusCode.OutOfRange,
                $"this call replayed its {node.Limits.CommitReplayBlocks} stored commits (limits.commitReplayBlocks); call again with from_height {replay.Sent + 1}");
        }

        if (subscription.HasLagged)
        {
            // The feed counted it (limits.commitSubscriberBuffer) when it dropped the subscription.
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"this stream fell more than {node.Feed.Buffer} commits behind (limits.commitSubscriberBuffer); call again with from_height {replay.Sent + 1}"));
        }
    }

    private RpcException Refuse(string limit, StatusCode code, string message)
    {
        node.Metrics.LimitRefused(limit);
        return new RpcException(new Status(code, message));
    }

    public override Task<GetEquivocationsResponse> GetEquivocations(GetEquivocationsRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pageSize = node.Limits.EquivocationPageSize;
        var wanted = request.MaxRecords == 0 || request.MaxRecords > pageSize ? pageSize : (int)request.MaxRecords;
        var (records, total) = node.Equivocations.Page(request.FromIndex, wanted);
        var response = new GetEquivocationsResponse { Total = (ulong)total, NextIndex = Math.Min(request.FromIndex, (ulong)total) + (ulong)records.Count };
        response.Evidence.AddRange(records.Select((e, i) => new EquivocationEvidence
        {
            Signer = e.Signer,
            Round = e.Round,
            Kind = e.Kind,
            Evidence = ByteString.CopyFrom(e.Evidence),
            Index = request.FromIndex + (ulong)i,
        }));
        return Task.FromResult(response);
    }

    /// <summary>
    /// Epoch-change proofs from epoch from_epoch + 1 up, read from the stored chain
    /// (<see cref="EpochProofAnswers"/>); below a snapshot base FAILED_PRECONDITION (the interceptor).
    /// </summary>
    public override Task<GetEpochProofsResponse> GetEpochProofs(GetEpochProofsRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var page = EpochProofAnswers.Read(node, request.FromEpoch, request.MaxProofs);
        var response = new GetEpochProofsResponse { CurrentEpoch = page.CurrentEpoch };
        response.Proofs.AddRange(page.Proofs.Select(p => UnsafeByteOperations.UnsafeWrap(p.Encode())));
        return Task.FromResult(response);
    }

    /// <summary>
    /// One page of the account's committed transfers, newest first, each proven as GetTransfer
    /// proves it (<see cref="AccountHistory"/>). A limit over <c>limits.historyPageSize</c> is
    /// refused with OUT_OF_RANGE; every proof slot busy is RESOURCE_EXHAUSTED.
    /// </summary>
    public override Task<GetAccountHistoryResponse> GetAccountHistory(GetAccountHistoryRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.PublicKey.Length != PublicKey.Size)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"public_key must be {PublicKey.Size} bytes, got {request.PublicKey.Length}"));
        }

        var pageSize = node.Limits.HistoryPageSize;
        if (request.Limit > pageSize)
        {
            throw Refuse(LimitNames.HistoryPageSize, StatusCode.OutOfRange,
                $"limit {request.Limit} is over this node's page size {pageSize} (limits.historyPageSize)");
        }

        var account = new PublicKey(request.PublicKey.Span);
        var limit = request.Limit == 0 ? pageSize : (int)request.Limit;
        var page = node.TransferProofs.InSlot(() => node.History.Read(account, request.BeforeHeight, request.BeforeIndex, limit), out var refusal)
            ?? throw new RpcException(new Status(StatusCode.ResourceExhausted, refusal));
        var response = new GetAccountHistoryResponse
        {
            NextBeforeHeight = page.NextBeforeHeight,
            NextBeforeIndex = page.NextBeforeIndex,
            ScannedFromHeight = page.ScannedFromHeight,
            Staleness = Staleness(),
        };
        response.Entries.AddRange(page.Entries.Select(TransferProofs.From));
        return Task.FromResult(response);
    }

    internal static CommitNotice Notice(CommitNotification commit) => new()
    {
        Height = commit.Height,
        BlockId = ByteString.CopyFrom(commit.BlockId.ToArray()),
        StateRoot = ByteString.CopyFrom(commit.StateRoot.ToArray()),
        Transactions = (uint)commit.Transactions,
        TimestampUnixMs = commit.TimestampMs,
    };

    private static Hash32 ParseHash(ByteString bytes, string field) =>
        bytes.Length == Hash32.Size
            ? new Hash32(bytes.Span)
            : throw new RpcException(new Status(StatusCode.InvalidArgument, $"{field} must be {Hash32.Size} bytes, got {bytes.Length}"));

    /// <summary>The committed transfer with its proof, null if none is committed; RESOURCE_EXHAUSTED when proofs are at their limit.</summary>
    private CommittedTransaction? ProveCommitted(Hash32 id) =>
        node.TransferProofs.TryProve(id, out var refusal) ?? (refusal.Length == 0 ? null : throw new RpcException(new Status(StatusCode.ResourceExhausted, refusal)));

    // A balance is proven by the QC chain alone (it certifies the block id, height and state
    // root), so its answer leaves out the block, which may be megabytes. Built once per committed
    // height (HeadEvidenceCache): balance queries all ask about the head.
    private CommitEvidence BalanceEvidenceAt(ulong height)
    {
        ByteString? certificate = height == 0 ? null : node.BalanceEvidence.GetOrBuild(height, h =>
            node.Store.Run(() => node.Ledger.CertificateAt(h)) is { } stored
                ? ByteString.CopyFrom(CommitCertificate.Decode(stored).WithoutBlock().Encode())
                : null);
        return certificate is null ? new CommitEvidence { Height = 0 } : new CommitEvidence { Height = height, Certificate = certificate };
    }

    private static CommitEvidence ToEvidence(ulong height, byte[] certificate)
    {
        // The stored certificate is already the wire form a wallet checks (CommitCertificate).
        return new CommitEvidence { Height = height, Certificate = ByteString.CopyFrom(certificate) };
    }

    private Staleness Staleness()
    {
        var mode = node.Mode.Current;
        var now = node.Time.GetUtcNow();
        return new Staleness
        {
            Mode = mode.Name,
            Reason = mode.Reason,
            LastCommitUnixMs = mode.LastCommit.ToUnixTimeMilliseconds(),
            AgeMs = (long)mode.Staleness(now).TotalMilliseconds,
        };
    }
}
