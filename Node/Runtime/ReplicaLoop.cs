using System.Diagnostics;
using System.Threading.Channels;
using Ledger.Crypto;
using Ledger.Node.Mempool;
using Ledger.Node.Modes;
using Ledger.Node.Observability;
using Microsoft.Extensions.Logging;

namespace Ledger.Node.Runtime;

/// <summary>
/// The node's single event loop. Every input to the consensus core goes through one bounded
/// channel whose writers wait when it is full (nothing is ever dropped on the way in), and one
/// task reads it, so the core sees one event at a time in a definite order. The core's outputs
/// are carried out in the order given: safety data is written and flushed before any later
/// output (the vote or timeout it protects) is even queued for the network. Execution results
/// go back to the core before the next channel item is read.
/// </summary>
public sealed partial class ReplicaLoop
{
    private readonly Channel<LoopItem> _inbox;
    private readonly IReplicaEngine _engine;
    private readonly ILedgerBackend _ledger;
    private readonly TransactionPool _mempool;
    private readonly IPeerTransport _peers;
    private readonly SafetyStore _safety;
    private readonly NodeModeTracker _mode;
    private readonly NodeMetrics _metrics;
    private readonly CommitFeed _feed;
    private readonly EquivocationLog _equivocations;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly LoopLimits _limits;
    private readonly Queue<ReplicaEvent> _work = new();
    private TimerScheduler? _timers;
    private volatile ReplicaView _view;
    private volatile LedgerTip _tip;

    public ReplicaLoop(LoopDependencies dependencies, LoopLimits limits)
    {
        ArgumentNullException.ThrowIfNull(dependencies);
        ArgumentNullException.ThrowIfNull(limits);
        (_engine, _ledger, _mempool, _peers, _safety, _mode, _metrics, _feed, _equivocations, _time, _logger) = dependencies;
        _limits = limits;
        _inbox = Channel.CreateBounded<LoopItem>(new BoundedChannelOptions(limits.InboxCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _view = _engine.View;
        _tip = _ledger.Tip;
    }

    public ReplicaView View => _view;

    public LedgerTip Tip => _tip;

    /// <summary>Hands an event to the loop; waits (never drops) while the channel is full.</summary>
    public ValueTask PostAsync(ReplicaEvent input, CancellationToken ct = default) =>
        _inbox.Writer.WriteAsync(new LoopItem(input, null), ct);

    /// <summary>Runs <paramref name="query"/> on the loop thread, between two events, and returns its result.</summary>
    public async Task<T> QueryAsync<T>(Func<IReplicaEngine, T> query, CancellationToken ct = default)
    {
        var done = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _inbox.Writer.WriteAsync(new LoopItem(null, engine => done.TrySetResult(query(engine))), ct).ConfigureAwait(false);
        return (T)(await done.Task.WaitAsync(ct).ConfigureAwait(false))!;
    }

    public async Task RunAsync(CancellationToken ct)
    {
        using var timers = new TimerScheduler(_time, e => PostAsync(e, ct));
        _timers = timers;
        Process(new ReplicaEvent.Started(_time.GetUtcNow()));
        try
        {
            await foreach (var item in _inbox.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            {
                if (item.Event is { } input)
                {
                    Process(input);
                }
                else
                {
                    item.Query!(_engine);
                }

                if (_mode.Current.Mode == NodeMode.Halted)
                {
                    LogHaltedStop(_logger, _mode.Current.Reason);
                    return;
                }
            }
        }
        finally
        {
            _timers = null;
        }
    }

    private void Process(ReplicaEvent first)
    {
        _work.Enqueue(first);
        while (_work.TryDequeue(out var input))
        {
            if (input is ReplicaEvent.CommittedBlocksFetched fetched && !ApplySynced(fetched))
            {
                continue;
            }

            IReadOnlyList<ReplicaAction> actions;
            try
            {
                actions = _engine.Handle(input);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException)
            {
                // Malformed peer input must not take the loop down; the core rejects it and nothing changed.
                LogBadInput(_logger, input.GetType().Name, ex.Message);
                continue;
            }

            foreach (var action in actions)
            {
                if (!Carry(action))
                {
                    _work.Clear();
                    return;
                }
            }

            _view = _engine.View;
            _metrics.SetRound(_view.Round);
        }
    }

    /// <summary>Carries out one output; false when the node halted.</summary>
    private bool Carry(ReplicaAction action)
    {
        switch (action)
        {
            case ReplicaAction.PersistSafety persist:
                _safety.Write(persist.SafetyData);
                return true;
            case ReplicaAction.Send send:
                _peers.Send(send.ToValidator, send.Message);
                return true;
            case ReplicaAction.Broadcast broadcast:
                _peers.Broadcast(broadcast.Message);
                return true;
            case ReplicaAction.SetTimer timer:
                _timers?.Schedule(timer.TimerId, timer.After);
                return true;
            case ReplicaAction.RequestPayload request:
                var now = _time.GetUtcNow();
                var batch = _mempool.TakeForProposal(Math.Min(request.MaxTransactions, _limits.MaxBlockTransactions), _limits.MaxPayloadBytes, now);
                _work.Enqueue(new ReplicaEvent.PayloadReady(request.Round, _ledger.EncodePayload(batch), now));
                return true;
            case ReplicaAction.Execute execute:
                return ExecuteBlock(execute);
            case ReplicaAction.Commit commit:
                return CommitBlocks(commit.Blocks);
            case ReplicaAction.FetchBlocks fetch:
                StartFetch(fetch);
                return true;
            case ReplicaAction.Equivocation evidence:
                _equivocations.Add(evidence);
                LogEquivocation(_logger, evidence.Signer, evidence.Round);
                return true;
            default:
                throw new InvalidOperationException($"unknown replica action {action.GetType().Name}");
        }
    }

    private bool ExecuteBlock(ReplicaAction.Execute execute)
    {
        var started = Stopwatch.GetTimestamp();
        BlockExecutionResult result;
        try
        {
            result = _ledger.Execute(execute.BlockId, execute.ParentId, execute.Height, execute.Payload, execute.TimestampMs);
        }
        catch (LedgerHaltException ex)
        {
            return Halt($"executing block {execute.BlockId.ToShortHex()} at height {execute.Height}: {ex.Message}");
        }

        _metrics.ObserveExecution(Stopwatch.GetElapsedTime(started));
        _work.Enqueue(new ReplicaEvent.BlockExecuted(execute.BlockId, result.StateRoot, result.InvalidReason, _time.GetUtcNow()));
        return true;
    }

    private bool CommitBlocks(IReadOnlyList<CommittedBlockRecord> blocks)
    {
        foreach (var block in blocks)
        {
            IReadOnlyList<Hash32> committed;
            try
            {
                committed = _ledger.Commit(block.BlockId, new CommitCertificate(block.Block, block.Evidence).Encode());
            }
            catch (LedgerHaltException ex)
            {
                return Halt($"committing block {block.BlockId.ToShortHex()} at height {block.Height}: {ex.Message}");
            }

            AfterCommit(block.Round, committed);
        }

        return true;
    }

    private void AfterCommit(ulong round, IReadOnlyList<Hash32> committed)
    {
        var now = _time.GetUtcNow();
        _mempool.RemoveCommitted(committed);
        _tip = _ledger.Tip;
        _mode.OnCommit(now);
        _metrics.SetCommittedHeight(_tip.Height);
        _metrics.SetMempoolSize(_mempool.Count);
        _metrics.TransfersCommitted(committed.Count, now);
        _feed.Publish(new CommitNotification(_tip.Height, _tip.BlockId, _tip.StateRoot, committed.Count, _tip.TimestampMs));
        LogCommitted(_logger, _tip.Height, round, committed.Count, _tip.StateRoot.ToShortHex());
    }

    /// <summary>
    /// Applies committed blocks from block sync, oldest first, each only after its commit evidence
    /// verifies and only if it extends the local tip; a certified state root that differs from the
    /// one this node computes halts the node. Returns whether the core should also see the event.
    /// </summary>
    private bool ApplySynced(ReplicaEvent.CommittedBlocksFetched fetched)
    {
        var applied = 0;
        foreach (var block in fetched.Blocks.OrderBy(b => b.Height))
        {
            var tip = _ledger.Tip;
            if (block.Height <= tip.Height)
            {
                continue;
            }

            if (block.Height != tip.Height + 1)
            {
                break;
            }

            var check = _engine.VerifyCommitted(block.Block, block.Evidence);
            if (!check.Valid)
            {
                LogSyncRejected(_logger, fetched.FromValidator, block.Height, check.Reason);
                break;
            }

            if (check.ParentId != tip.BlockId)
            {
                LogSyncRejected(_logger, fetched.FromValidator, block.Height, $"parent {check.ParentId.ToShortHex()} is not the local tip {tip.BlockId.ToShortHex()}");
                break;
            }

            var result = _ledger.Execute(check.BlockId, check.ParentId, block.Height, check.Payload, check.TimestampMs);
            if (result.StateRoot != check.CertifiedStateRoot)
            {
                Halt($"block {check.BlockId.ToShortHex()} at height {block.Height}: local state root {result.StateRoot?.ToShortHex() ?? "(invalid: " + result.InvalidReason + ")"} differs from the certified {check.CertifiedStateRoot.ToShortHex()}");
                return false;
            }

            AfterCommit(check.Round, _ledger.Commit(check.BlockId, new CommitCertificate(block.Block, block.Evidence).Encode()));
            applied++;
        }

        var now = _time.GetUtcNow();
        if (_ledger.Tip.Height < fetched.PeerCommittedHeight)
        {
            _mode.EnterRecovery(now, $"catching up: height {_ledger.Tip.Height} of {fetched.PeerCommittedHeight} reported by {fetched.FromValidator}");
        }
        else
        {
            _mode.LeaveRecovery(now);
        }

        return applied > 0;
    }

    private void StartFetch(ReplicaAction.FetchBlocks fetch)
    {
        _ = Task.Run(async () =>
        {
            using var timeout = new CancellationTokenSource(_limits.FetchTimeout);
            try
            {
                var blocks = await _peers.FetchBlocksAsync(fetch.FromValidator, fetch.BlockId, timeout.Token).ConfigureAwait(false);
                if (blocks.Count > 0)
                {
                    await PostAsync(new ReplicaEvent.BlocksFetched(fetch.FromValidator, blocks, _time.GetUtcNow())).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or Grpc.Core.RpcException)
            {
                LogFetchFailed(_logger, fetch.FromValidator, fetch.BlockId.ToShortHex(), ex.Message);
            }
        });
    }

    private bool Halt(string reason)
    {
        _mode.Halt(_time.GetUtcNow(), reason);
        LogHalted(_logger, reason);
        return false;
    }

    private sealed record LoopItem(ReplicaEvent? Event, Action<IReplicaEngine>? Query);

    [LoggerMessage(Level = LogLevel.Information, Message = "Committed height {Height} round {Round} with {Transactions} transactions, state root {StateRoot}")]
    private static partial void LogCommitted(ILogger logger, ulong height, ulong round, int transactions, string stateRoot);

    [LoggerMessage(Level = LogLevel.Critical, Message = "HALTED: {Reason}")]
    private static partial void LogHalted(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Event loop stopped because the node is halted: {Reason}")]
    private static partial void LogHaltedStop(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped malformed {Input}: {Error}")]
    private static partial void LogBadInput(ILogger logger, string input, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Equivocation by {Signer} in round {Round}; evidence stored")]
    private static partial void LogEquivocation(ILogger logger, string signer, ulong round);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Block sync from {Peer} refused at height {Height}: {Reason}")]
    private static partial void LogSyncRejected(ILogger logger, string peer, ulong height, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Fetching block {BlockId} from {Peer} failed: {Error}")]
    private static partial void LogFetchFailed(ILogger logger, string peer, string blockId, string error);
}
