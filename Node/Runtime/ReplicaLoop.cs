using System.Diagnostics;
using Ledger.Consensus.Core;
using Ledger.Node.Modes;
using Microsoft.Extensions.Logging;

namespace Ledger.Node.Runtime;

/// <summary>
/// The node's single event loop. Every input to the consensus core goes through one bounded
/// inbox whose writers wait when it is full (nothing is dropped on the way in), and one dedicated
/// thread ("ledger-loop", <see cref="RunAsync"/>) reads it, so the core sees one input at a time
/// in a definite order, without a thread-pool hand-off per input (<see cref="LoopInbox{T}"/>). The core's outputs are
/// carried out in order: its safety data and the blocks it executed are flushed before any action
/// (the vote or timeout they protect) is queued for the network (<see cref="DurableBeforeSend"/>).
/// Results of local work (execution, payloads) go back to the core before the next channel item
/// is read.
/// </summary>
public sealed partial class ReplicaLoop
{
    private readonly DurableBeforeSend _durableBeforeSend;
    private readonly BuiltPayload _builtPayload = new();
    private readonly LedgerCommitter _committer;
    private readonly ProposalPayloadBuilder _proposals;
    private readonly LoopInbox<LoopItem> _inbox;
    private readonly LoopParts _parts;
    private readonly LoopLimits _limits;
    private readonly ConsensusCore _core;
    private readonly Queue<ConsensusInput> _local = new();
    private readonly ReplicaBlockSource _blocks;
    private readonly PendingBlockStore _pending;
    private readonly ILogger _logger;
    private RoundTimer? _timer;
    private volatile ReplicaSnapshot _snapshot;
    private volatile bool _reportedWork;
    private int _wakeQueued;
    private ITimer? _leaseWake;
    private DateTimeOffset? _leaseWakeAt;

    public ReplicaLoop(LoopParts parts, LoopLimits limits)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(limits);
        _parts = parts;
        _limits = limits;
        _core = parts.Core;
        _logger = parts.Logger;
        _inbox = new LoopInbox<LoopItem>(limits.InboxCapacity);
        _pending = new PendingBlockStore(Path.Combine(parts.DataDirectory, "pending-blocks"), parts.ChainId, parts.Metrics.DurabilityFor("pending-blocks"));
        _pending.Prune(parts.Ledger.Committed.Height);
        _committer = new LedgerCommitter(CommitToLedger, Wake, LedgerCommitter.MaxInFlight, Announce);
        _durableBeforeSend = new DurableBeforeSend(_pending, WriteSafety, waited => parts.Metrics.ObserveLoop("persist-before-send", waited));
        Committed = new CommittedBlocks(parts.Ledger, parts.Store, parts.ChainId);
        _blocks = new ReplicaBlockSource(_core, _pending, Committed);
        _proposals = new ProposalPayloadBuilder(parts.Mempool, parts.Ledger, _blocks.FindBlock);
        _snapshot = TakeSnapshot();
        parts.Mempool.TransactionsAdmitted += OnTransactionsAdmitted;
        parts.Peers.PeerReachable += OnPeerReachable;
    }

    /// <summary>Round, leader and committed head as of the last processed input; safe from any thread.</summary>
    public ReplicaSnapshot Snapshot => _snapshot;

    /// <summary>Hands an input to the loop; waits (never drops) while the channel is full.</summary>
    public ValueTask PostAsync(ConsensusInput input, CancellationToken ct = default) =>
        _inbox.WriteAsync(new LoopItem(input, null), ct);

    /// <summary>The committed chain, readable from any thread (sync replies read it off the loop).</summary>
    public CommittedBlocks Committed { get; }

    /// <summary>
    /// The part of a sync reply only the loop can see (<see cref="ReplicaBlockSource.PathTo"/>),
    /// taken between two inputs; a short walk over in-memory blocks.
    /// </summary>
    public Task<UncommittedPath> FindUncommittedPathAsync(Consensus.Messages.SyncRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        return QueryAsync(() => _blocks.PathTo(request.TargetBlockId, request.AboveHeight), ct);
    }

    private async Task<T> QueryAsync<T>(Func<T> query, CancellationToken ct)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _inbox.WriteAsync(
            new LoopItem(null, () =>
            {
                try
                {
                    done.TrySetResult(query());
                }
                catch (FormatException ex)
                {
                    // A stored block or certificate that does not decode must not take the loop down with it.
                    done.TrySetException(ex);
                }
            }),
            ct).ConfigureAwait(false);
        return await done.Task.WaitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs the loop on its own thread until <paramref name="ct"/> is cancelled (the task is then
    /// cancelled), the node halts or it stops to install a snapshot (the task completes), or an
    /// input fails (the task faults). A dedicated thread rather than a pool task: the loop blocks
    /// while its inbox is empty, and on the flushes and commits it waits for, without taking a pool
    /// worker or queueing behind the pool's work.
    /// </summary>
    public Task RunAsync(CancellationToken ct)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Run(ct);
                done.TrySetResult();
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                done.TrySetCanceled(ct);
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
        })
        {
            Name = "ledger-loop",
            IsBackground = true,
        };
        thread.Start();
        return done.Task;
    }

    private void Run(CancellationToken ct)
    {
        using var timer = new RoundTimer(_parts.Time, round => PostAsync(new TimerFired(round), ct).AsTask());
        _timer = timer;
        try
        {
            _reportedWork = _parts.Mempool.HasProposable(_parts.Time.GetUtcNow(), out _);
            Carry(_core.Start(NowMs(), _reportedWork));
            DrainLocal();
            ReportRecovery();
            var idleFrom = Stopwatch.GetTimestamp();
            while (true)
            {
                var item = _inbox.Take(ct);
                _parts.Metrics.ObserveLoop("idle", Stopwatch.GetElapsedTime(idleFrom));
                TakeCommitted();
                if (_parts.Mode.Current.Mode == NodeMode.Halted)
                {
                    // A commit failed: nothing more is handled, as when the loop committed itself.
                    LogHaltedStop(_logger, _parts.Mode.Current.Reason);
                    return;
                }

                if (item.Input is { } received && _parts.Signers?.Admits(received) == false)
                {
                    // Signed by a revoked validator: the core never sees it (RevokedSignerGate).
                    idleFrom = Stopwatch.GetTimestamp();
                    continue;
                }

                if (item.Input is { } input)
                {
                    var started = Stopwatch.GetTimestamp();
                    var outputs = _core.Handle(input, NowMs());
                    _parts.Metrics.ObserveLoop("core", Stopwatch.GetElapsedTime(started));
                    Carry(outputs);
                    ObserveNetworkHeight(input, outputs);
                    DrainLocal();
                }
                else
                {
                    var started = Stopwatch.GetTimestamp();
                    item.Query!();
                    _parts.Metrics.ObserveLoop("query", Stopwatch.GetElapsedTime(started));
                    DrainLocal();
                }

                // Again after the item: a commit that finished while a wake-up was already queued
                // (and being taken) is carried out now rather than with the next input.
                TakeCommitted();

                _snapshot = TakeSnapshot();
                _parts.Metrics.SetRound(_snapshot.Round);
                ReportRecovery();
                // A halt comes first: a halted node stays stopped for its operator; installing a
                // peer's snapshot would restart it and hide the failed invariant.
                if (_parts.Mode.Current.Mode == NodeMode.Halted)
                {
                    LogHaltedStop(_logger, _parts.Mode.Current.Reason);
                    return;
                }

                if (FarBehindToInstall())
                {
                    StopToInstall();
                    return;
                }

                idleFrom = Stopwatch.GetTimestamp();
            }
        }
        finally
        {
            // The ledger is closed after the loop: no commit may still be writing to it.
            _committer.WaitForAll();
            _timer = null;
            _parts.Mempool.TransactionsAdmitted -= OnTransactionsAdmitted;
            _parts.Peers.PeerReachable -= OnPeerReachable;
            _leaseWake?.Dispose();

            // Nothing reads the inbox any more: make writers fail fast instead of waiting forever.
            _inbox.Complete();
        }
    }

    /// <summary>Hands the core what the last input caused locally (execution results, payloads, a change of pending work).</summary>
    private void DrainLocal()
    {
        do
        {
            while (_local.TryDequeue(out var input))
            {
                var started = Stopwatch.GetTimestamp();
                var outputs = _core.Handle(input, NowMs());
                _parts.Metrics.ObserveLoop("core", Stopwatch.GetElapsedTime(started));
                Carry(outputs);
            }

            ReportWork();
        }
        while (_local.Count > 0);
    }

    /// <summary>
    /// Tells the core when the mempool turns from nothing to propose to something (or back), so an
    /// idle network proposes only heartbeats; while every pending transaction is leased to a
    /// proposal, wakes the loop when the first lease runs out (that proposal may have been abandoned).
    /// </summary>
    private void ReportWork()
    {
        var now = _parts.Time.GetUtcNow();
        var pending = _parts.Mempool.HasProposable(now, out var nextLeaseExpiry);
        if (pending != _reportedWork)
        {
            _reportedWork = pending;
            _local.Enqueue(new WorkPending(pending));
        }

        var wakeAt = pending ? null : nextLeaseExpiry;
        if (wakeAt != _leaseWakeAt)
        {
            _leaseWakeAt = wakeAt;
            _leaseWake?.Dispose();
            _leaseWake = wakeAt is { } at
                ? _parts.Time.CreateTimer(_ => Wake(), null, at - now < TimeSpan.Zero ? TimeSpan.Zero : at - now, Timeout.InfiniteTimeSpan)
                : null;
        }
    }

    /// <summary>A peer's link recovered (any thread): the core re-sends what the peer missed.</summary>
    private void OnPeerReachable(string peer)
    {
        var index = _parts.Committee.IndexOf(peer);
        if (index >= 0)
        {
            _ = PostAsync(new PeerReachable(index)).AsTask();
        }
    }

    /// <summary>A client or peer added transactions (any thread): wake an idle loop to report the work.</summary>
    private void OnTransactionsAdmitted()
    {
        if (!_reportedWork)
        {
            Wake();
        }
    }

    /// <summary>Queues one empty item (at most one at a time) so the loop runs <see cref="ReportWork"/> soon.</summary>
    private void Wake()
    {
        if (Interlocked.Exchange(ref _wakeQueued, 1) == 0)
        {
            _ = _inbox.WriteAsync(new LoopItem(null, () => Volatile.Write(ref _wakeQueued, 0))).AsTask();
        }
    }

    /// <summary>
    /// A proposal the core took without complaint carries a QC it verified: the network has
    /// certified that height, which tells the mode tracker how far behind this node is.
    /// </summary>
    private void ObserveNetworkHeight(ConsensusInput input, ConsensusOutputs outputs)
    {
        if (input is ProposalReceived proposal && outputs.Rejections.Count == 0)
        {
            _parts.Mode.ObserveNetworkHeight(_parts.Time.GetUtcNow(), proposal.Proposal.Block.Justify.Height);
        }
    }

    private long NowMs() => _parts.Time.GetUtcNow().ToUnixTimeMilliseconds();

    private ReplicaSnapshot TakeSnapshot()
    {
        var committed = _parts.Ledger.Committed;
        var round = _core.CurrentRound;
        return new ReplicaSnapshot(
            round,
            _parts.Committee.NameOf(_parts.Committee.Validators.LeaderOf(round)),
            committed.Height,
            committed.BlockId,
            committed.StateRoot,
            committed.State.TimestampMs);
    }

    private sealed record LoopItem(ConsensusInput? Input, Action? Query);
}
