using System.Collections.Concurrent;

namespace Ledger.Node.Runtime;

/// <summary>
/// Carries out ledger commits on a worker, one at a time in the order they were queued, so the
/// store's write and its two flushes (blocks.dat, LiteDB's log) do not hold up the event loop's
/// next vote or proposal: at small blocks they were a third of every round. The core needs
/// nothing back (it treats a block as committed once it emits the commit), so it stays
/// deterministic; what follows a commit waits for the commit to be durable: <c>durable</c> (the
/// commit notification) runs here right after it, and the rest (the mempool, the pending-block
/// log's prune) on the loop, which takes each <see cref="CommitOutcome"/> in order
/// (<see cref="TryTake"/>) after <c>wake</c> tells it one is ready. Committed-state readers see a block only once the ledger's commit has returned (its head
/// moves after the write is durable); a crash in between is what a crash inside a commit on the
/// loop was: the store's open-time repair and the pending-block log (pruned only after the commit)
/// bring the block back. At most <c>maxInFlight</c> commits are queued: <see cref="Enqueue"/>
/// waits for the queue to drain below it. After a failed commit nothing later is committed (each
/// later one is reported as not done): the node halts on the first.
/// </summary>
internal sealed class LedgerCommitter(Action<LedgerCommitJob> commit, Action wake, int maxInFlight, Action<LedgerCommitJob>? durable = null)
{
    /// <summary>
    /// The node's bound on commits queued: far above what consensus produces in a round (a commit
    /// is one to a few blocks), reached only by a long sync, where waiting costs nothing.
    /// </summary>
    public const int MaxInFlight = 64;

    private readonly ConcurrentQueue<CommitOutcome> _done = new();
    private Task _tail = Task.CompletedTask;
    private int _inFlight;
    private volatile bool _failed;

    /// <summary>Commits queued and not yet done.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Queues <paramref name="job"/> behind the commits already queued; at the bound, first waits for them.</summary>
    public void Enqueue(LedgerCommitJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (InFlight >= maxInFlight)
        {
            WaitForAll();
        }

        Interlocked.Increment(ref _inFlight);
        _tail = _tail.ContinueWith(_ => Run(job), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    /// <summary>Returns once every queued commit is done (their outcomes wait in <see cref="TryTake"/>).</summary>
    public void WaitForAll() => _tail.GetAwaiter().GetResult();

    /// <summary>The next finished commit's outcome, in the order they were queued.</summary>
    public bool TryTake(out CommitOutcome outcome) => _done.TryDequeue(out outcome!);

    private void Run(LedgerCommitJob job)
    {
        Exception? failure = null;
        if (_failed)
        {
            failure = new InvalidOperationException("an earlier commit failed");
        }
        else
        {
            try
            {
                commit(job);

                // Failing after a durable commit is still a failure: the loop halts or stops on it.
                durable?.Invoke(job);
            }
            catch (Exception ex)
            {
                // Handed to the loop, which halts on a refused commit and rethrows anything else, as when it committed itself.
                failure = ex;
                _failed = true;
            }
        }

        _done.Enqueue(new CommitOutcome(job, failure));
        Interlocked.Decrement(ref _inFlight);
        wake();
    }
}
