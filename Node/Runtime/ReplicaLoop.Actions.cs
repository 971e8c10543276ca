using System.Diagnostics;
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sync from {Peer} failed: {Error}")]
    private static partial void LogSyncFailed(ILogger logger, string peer, string error);
}
