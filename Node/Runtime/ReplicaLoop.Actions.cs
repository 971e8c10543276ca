using System.Diagnostics;
using Ledger.Client.Evidence;
using Ledger.Consensus.Codec;
using Ledger.Consensus.Core;
using Ledger.Consensus.Messages;
using Ledger.Execution;
using Ledger.Node.Protos.Replica;
using Ledger.Transactions;
using Microsoft.Extensions.Logging;

namespace Ledger.Node.Runtime;

/// <summary>Carrying out the core's outputs.</summary>
public sealed partial class ReplicaLoop
{
    private Network.IConsensusOutbox Outbox => _parts.Outbox ?? _parts.Peers;

    private void Carry(ConsensusOutputs outputs)
    {
        // A refused message changed nothing in the core, but an operator must see that a peer sends
        // forged or malformed consensus traffic: count it by kind and log who claimed to send it.
        foreach (var rejected in outputs.Rejections)
        {
            _parts.Metrics.ConsensusMessageRejected(rejected.Kind);
            LogRejected(_logger, rejected.Kind, _parts.Committee.NameOf(rejected.ClaimedSender), rejected.Reason);
        }

        // The safety record and the saved blocks reach the device before any signed action (a vote
        // they protect) runs, their two flushes at the same time.
        _durableBeforeSend.Carry(outputs, action =>
        {
            var started = Stopwatch.GetTimestamp();
            Carry(action);
            _parts.Metrics.ObserveLoop(action.GetType().Name, Stopwatch.GetElapsedTime(started));
        });
    }

    /// <summary>Writes the safety record and flushes it to the device (<see cref="DurableBeforeSend"/> calls it).</summary>
    private void WriteSafety(Consensus.Safety.SafetyData safety)
    {
        var started = Stopwatch.GetTimestamp();
        _parts.Safety.Write(ConsensusCodec.Encode(safety));
        _parts.Metrics.ObserveLoop("persist-safety", Stopwatch.GetElapsedTime(started));
    }

    private void Carry(ConsensusAction action)
    {
        if (_parts.Signers?.Releases(action) == false)
        {
            // This node's own signing certificate is revoked: nothing it signs leaves it (RevokedSignerGate).
            return;
        }

        switch (action)
        {
            case BroadcastProposal p:
                Outbox.Broadcast(MessageKind.Proposal, ConsensusCodec.Encode(p.Proposal));
                break;
            case SendVote v:
                Outbox.Send(_parts.Committee.NameOf(v.To), MessageKind.Vote, ConsensusCodec.Encode(v.Vote));
                break;
            case Resend r:
                Resend(r);
                break;
            case BroadcastTimeout t:
                _parts.Metrics.TimeoutFired();
                Outbox.Broadcast(MessageKind.Timeout, ConsensusCodec.Encode(t.Timeout));
                LogTimeout(_logger, t.Timeout.Round);
                break;
            case RequestBlocks r:
                StartSync(r);
                break;
            case AskSignedRounds a:
                AskPeersForSignedRounds(a);
                break;
            case SetTimer s:
                _timer?.Schedule(s.Round, TimeSpan.FromMilliseconds(s.DelayMs));
                break;
            case ExecuteBlock e:
                Execute(e.Block);
                break;
            case RequestPayload r:
                SupplyPayload(r);
                break;
            case CommitBlocks c:
                Commit(c);
                break;
            case DiscardBlocks d:
                foreach (var id in d.BlockIds)
                {
                    _parts.Ledger.Abandon(id);
                }

                break;
            case ReportEquivocation r:
                RecordEquivocation(r.Evidence);
                break;
            case Halt h:
                HaltNode(h.Reason);
                break;
            default:
                throw new InvalidOperationException($"unknown consensus action {action.GetType().Name}");
        }
    }

    private void Resend(Resend resend)
    {
        var (kind, bytes) = resend.Message switch
        {
            Proposal p => (MessageKind.Proposal, ConsensusCodec.Encode(p)),
            Vote v => (MessageKind.Vote, ConsensusCodec.Encode(v)),
            RoundTimeout t => (MessageKind.Timeout, ConsensusCodec.Encode(t)),
            _ => throw new InvalidOperationException($"cannot re-send a {resend.Message.GetType().Name}"),
        };
        _parts.Peers.Send(_parts.Committee.NameOf(resend.To), kind, bytes);
    }

    private void Execute(Block block)
    {
        var started = Stopwatch.GetTimestamp();
        _pending.Save(block);
        try
        {
            // This replica's own proposal: its payload was built from decoded transactions, which
            // are used again rather than decoded from the same bytes.
            var result = _builtPayload.Take(block.Payload) is { } built
                ? _parts.Ledger.Execute(block.ParentId, block.Id, block.Height, block.TimestampMs, built)
                : _parts.Ledger.ExecutePayload(block.ParentId, block.Id, block.Height, block.TimestampMs, block.Payload);
            _parts.Mempool.MarkProposed(result.Block.Transactions.Select(t => t.Id), _parts.Time.GetUtcNow());
            _local.Enqueue(new BlockExecuted(block.Id, result.StateRoot, result.Block.Transactions.Count == 0, NextEpochOf(result)));
        }
        catch (InvalidBlockException ex)
        {
            LogBlockRejected(_logger, block.Id.ToShortHex(), block.Height, _parts.Committee.NameOf(block.Proposer), ex.Message);
            _local.Enqueue(new BlockRejected(block.Id, ex.Message));
        }
        catch (ConservationViolationException ex)
        {
            HaltNode($"block {block.Id.ToShortHex()} at height {block.Height} breaks conservation: {ex.Message}");
        }

        _parts.Metrics.ObserveExecution(Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// A block whose execution applied a validator-set change ends its epoch: the core learns the
    /// next epoch's set in roster (leader) order, and switches to it when the block commits.
    /// </summary>
    internal static Consensus.EpochChange? NextEpochOf(ExecutionResult result) =>
        result.NextEpoch is { } next
            ? new Consensus.EpochChange(next.Epoch, new Consensus.ValidatorSet(next.Validators.Select(v => v.ConsensusKey)))
            : null;

    private void SupplyPayload(RequestPayload request)
    {
        // The core asks only when a block is due (work, a commit to complete, a heartbeat); answer at
        // once, leaving out what an uncommitted ancestor carries (ProposalPayloadBuilder).
        var transactions = _proposals.Build(request.ParentId, _limits.MaxBlockTransactions, _limits.MaxPayloadBytes, _parts.Time.GetUtcNow());
        var payload = PayloadCodec.Encode(transactions);
        _builtPayload.Keep(payload, transactions);
        _local.Enqueue(new PayloadReady(request.Round, payload));
    }

    /// <summary>
    /// Hands the blocks to the committer (<see cref="LedgerCommitter"/>), so their store write and
    /// flushes overlap the next round instead of delaying it; what follows each commit
    /// (<see cref="AfterCommit"/>) runs once it is durable. A batch whose block ends an epoch is
    /// committed here, after every earlier commit, as before: the committee must follow the new
    /// epoch before any action of it is carried out.
    /// </summary>
    private void Commit(CommitBlocks commit)
    {
        var jobs = new List<LedgerCommitJob>(commit.Blocks.Count);
        var endsEpoch = false;
        for (var i = 0; i < commit.Blocks.Count; i++)
        {
            var block = commit.Blocks[i].Block;
            var executed = _parts.Ledger.TryGetExecution(block.Id, out var result);
            endsEpoch |= executed && result.NextEpoch is not null;

            // Taken before the commit, which drops the block's execution.
            var ids = _proposals.TransactionsOf(block).Select(t => t.Id).ToList();
            var stateRoot = executed ? result.StateRoot : commit.Blocks[i].Qc.Data.StateRoot;
            jobs.Add(new LedgerCommitJob(block, CommitCertificate.From(block, commit.EvidenceFor(i)).Encode(), stateRoot, ids));
        }

        if (!endsEpoch)
        {
            foreach (var job in jobs)
            {
                _committer.Enqueue(job);
            }

            _parts.Metrics.SetCommitsInFlight(_committer.InFlight);
            return;
        }

        WaitForCommits();
        foreach (var job in jobs)
        {
            if (_parts.Mode.Current.Mode == Modes.NodeMode.Halted)
            {
                return;
            }

            try
            {
                CommitToLedger(job);
            }
            catch (InvalidOperationException ex)
            {
                HaltNode($"ledger refused to commit block {job.Block.Id.ToShortHex()} at height {job.Block.Height}: {ex.Message}");
                return;
            }

            AfterCommit(job);
        }
    }

    /// <summary>The ledger's commit: the store's write and flushes (on the committer, or on the loop for an epoch's end).</summary>
    private void CommitToLedger(LedgerCommitJob job)
    {
        var started = Stopwatch.GetTimestamp();
        _parts.Store.Run(() => _parts.Ledger.Commit(job.Block.Id, job.Certificate));
        _parts.Metrics.ObserveLoop("commit-ledger-write", Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Waits for every queued commit and carries out what follows each.</summary>
    private void WaitForCommits()
    {
        _committer.WaitForAll();
        TakeCommitted();
    }

    /// <summary>Carries out what follows each finished commit, in order; halts on a refused one.</summary>
    private void TakeCommitted()
    {
        while (_committer.TryTake(out var outcome))
        {
            _parts.Metrics.SetCommitsInFlight(_committer.InFlight);
            if (_parts.Mode.Current.Mode == Modes.NodeMode.Halted)
            {
                continue;
            }

            switch (outcome.Failure)
            {
                case null:
                    AfterCommit(outcome.Job);
                    break;
                case InvalidOperationException refused:
                    HaltNode($"ledger refused to commit block {outcome.Job.Block.Id.ToShortHex()} at height {outcome.Job.Block.Height}: {refused.Message}");
                    break;
                default:
                    // Anything else ends the loop, as it did when the loop committed itself.
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(outcome.Failure);
                    break;
            }
        }
    }

    /// <summary>What follows a block's durable commit: the committee's epoch, the pending-block log, the mempool, metrics and the commit notification.</summary>
    private void AfterCommit(LedgerCommitJob job)
    {
        var block = job.Block;
        var ids = job.TransactionIds;
        FollowCommittedEpoch();
        _proposals.CommitCarriedOut(block.Height);
        _pending.Prune(block.Height);
        _parts.Mempool.RemoveCommitted(ids);
        _parts.RecentCommits?.Record(block.Height, block.TimestampMs, ids);
        var now = _parts.Time.GetUtcNow();

        // This block's, not the ledger's head: the committer may have committed later blocks meanwhile.
        _parts.Mode.OnCommit(now, block.Height);
        _parts.Metrics.SetCommittedHeight(block.Height);
        _parts.Metrics.SetMempoolSize(_parts.Mempool.Count);
        _parts.Metrics.BlockCommitted(ids.Count, block.TimestampMs, now);
        _parts.Feed.Publish(new CommitNotification(block.Height, block.Id, job.StateRoot, ids.Count, block.TimestampMs));
        if (ids.Count > 0)
        {
            LogCommitted(_logger, block.Height, block.Round, ids.Count, job.StateRoot.ToShortHex());
        }
        else
        {
            // Heartbeats and the blocks that commit work: an operator reads them only when debugging.
            LogCommittedEmpty(_logger, block.Height, block.Round);
        }
    }

    /// <summary>
    /// After a commit: when the committed state entered a new epoch (its block applied a
    /// validator-set change), the committee becomes that epoch's roster before any action of the
    /// new epoch (a vote to the new set's index, a sync request) is carried out.
    /// </summary>
    private void FollowCommittedEpoch()
    {
        var state = _parts.Ledger.Committed.State;
        if (state.Epoch > _parts.Committee.Epoch && _parts.Committee.Enter(EpochRoster.Of(state.Epoch, state.Roster)))
        {
            _parts.Metrics.SetEpoch(state.Epoch);
            LogEpochEntered(_logger, state.Epoch, _parts.Committee.Count, string.Join(", ", _parts.Committee.Current.Names), _parts.Committee.Current.IndexOf(_parts.Name) >= 0);
        }
    }

    private void StartSync(RequestBlocks request)
    {
        var peer = _parts.Committee.NameOf(request.Peer);
        _parts.Mode.OnSyncRequested(_parts.Time.GetUtcNow(), $"fetching blocks above height {request.Request.AboveHeight} up to {request.Request.TargetBlockId.ToShortHex()} from {peer}");
        if (IsOwnSync(request))
        {
            StartOwnSync(request);
            return;
        }


        var bytes = ConsensusCodec.Encode(request.Request);
        _ = Task.Run(async () =>
        {
            using var timeout = new CancellationTokenSource(_limits.SyncTimeout);
            try
            {
                var reply = await _parts.Peers.SyncAsync(peer, bytes, timeout.Token).ConfigureAwait(false);
                var response = ConsensusCodec.DecodeSyncResponse(reply, _parts.ChainId);
                await PostAsync(new SyncResponseReceived(request.Peer, response), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or Grpc.Core.RpcException or FormatException)
            {
                // The core retries from the next validator after a base timeout.
                LogSyncFailed(_logger, peer, ex.Message);
            }
            finally
            {
                _parts.Mode.OnSyncFinished(_parts.Time.GetUtcNow());
            }
        });
    }

    private void RecordEquivocation(EquivocationEvidence evidence)
    {
        var signer = _parts.Committee.NameOf(evidence.Offender);
        var outcome = _parts.Equivocations.Add(new EquivocationRecord(signer, evidence.Round, evidence.Kind.ToString(), ConsensusCodec.Encode(evidence)));
        _parts.Metrics.Equivocation(outcome.ToString().ToLowerInvariant());
        switch (outcome)
        {
            case EquivocationOutcome.Recorded:
                LogEquivocation(_logger, signer, evidence.Round, evidence.Kind.ToString());
                break;
            case EquivocationOutcome.OffenderCap:
                _parts.Metrics.LimitRefused(Observability.LimitNames.EquivocationsPerOffender);
                LogEquivocationNotKept(_logger, signer, evidence.Round, evidence.Kind.ToString(), "limits.equivocationsPerOffender");
                break;
            case EquivocationOutcome.LogFull:
                _parts.Metrics.LimitRefused(Observability.LimitNames.EquivocationRecords);
                LogEquivocationNotKept(_logger, signer, evidence.Round, evidence.Kind.ToString(), "limits.equivocationRecords");
                break;
            default:
                // Already proven by a kept record (for instance reported again after a restart).
                break;
        }
    }

    private void HaltNode(string reason)
    {
        _parts.Mode.Halt(_parts.Time.GetUtcNow(), reason);
        LogHalted(_logger, reason);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Committed height {Height} (round {Round}) with {Transactions} transactions, state root {StateRoot}")]
    private static partial void LogCommitted(ILogger logger, ulong height, ulong round, int transactions, string stateRoot);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Committed height {Height} (round {Round}), an empty block")]
    private static partial void LogCommittedEmpty(ILogger logger, ulong height, ulong round);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a {Kind} claimed to come from {Sender}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string kind, string sender, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Round {Round} timed out; timeout broadcast")]
    private static partial void LogTimeout(ILogger logger, ulong round);

    [LoggerMessage(Level = LogLevel.Critical, Message = "HALTED: {Reason}")]
    private static partial void LogHalted(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Event loop stopped because the node is halted: {Reason}")]
    private static partial void LogHaltedStop(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Equivocation by {Signer} in round {Round} ({Kind}); evidence stored")]
    private static partial void LogEquivocation(ILogger logger, string signer, ulong round, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Equivocation by {Signer} in round {Round} ({Kind}) not kept: the log is at {Limit}")]
    private static partial void LogEquivocationNotKept(ILogger logger, string signer, ulong round, string kind, string limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Block {BlockId} at height {Height} proposed by {Proposer} does not execute (no vote): {Reason}")]
    private static partial void LogBlockRejected(ILogger logger, string blockId, ulong height, string proposer, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Entered epoch {Epoch}: {Count} validators ({Validators}); this node signs in it: {Member}")]
    private static partial void LogEpochEntered(ILogger logger, ulong epoch, int count, string validators, bool member);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sync from {Peer} failed: {Error}")]
    private static partial void LogSyncFailed(ILogger logger, string peer, string error);
}
