using System.Diagnostics;
using Ledger.Client.Evidence;
using Ledger.Consensus.Core;
using Microsoft.Extensions.Logging;

namespace Ledger.Node.Runtime;

/// <summary>Committing: the ledger's commit (on the committer), the notice clients get once it is durable, and what the loop does after it.</summary>
public sealed partial class ReplicaLoop
{
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
                Announce(job);
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

    /// <summary>
    /// What a client may learn as soon as a block's commit is durable, on the committer's thread
    /// (or the loop's, for an epoch's end), without waiting for the loop to take the commit (the
    /// loop may be waiting for a vote's flushes): admission's record of committed transfers, then
    /// the commit notification. A client told of the commit can read the block and its proof at
    /// once (the ledger's head moved when the commit returned), and a transfer it submits again is
    /// answered "already committed" (recorded before the notice). The mempool, the proposal
    /// builder and the pending-block log are the loop's, and follow in <see cref="AfterCommit"/> as
    /// before: the builder leaves out what a block above the height the loop has taken carries
    /// (<see cref="ProposalPayloadBuilder"/>), so an early notice changes nothing a leader proposes.
    /// A halted node tells nothing more, as before.
    /// </summary>
    private void Announce(LedgerCommitJob job)
    {
        if (_parts.Mode.Current.Mode == Modes.NodeMode.Halted)
        {
            return;
        }

        var block = job.Block;
        _parts.RecentCommits?.Record(block.Height, block.TimestampMs, job.TransactionIds);
        _parts.Feed.Publish(new CommitNotification(block.Height, block.Id, job.StateRoot, job.TransactionIds.Count, block.TimestampMs));
    }

    /// <summary>What follows a block's durable commit on the loop (after <see cref="Announce"/>): the committee's epoch, the pending-block log, the mempool and metrics.</summary>
    private void AfterCommit(LedgerCommitJob job)
    {
        var block = job.Block;
        var ids = job.TransactionIds;
        FollowCommittedEpoch();
        _proposals.CommitCarriedOut(block.Height);
        _pending.Prune(block.Height);
        _parts.Mempool.RemoveCommitted(ids);
        var now = _parts.Time.GetUtcNow();

        // This block's, not the ledger's head: the committer may have committed later blocks meanwhile.
        _parts.Mode.OnCommit(now, block.Height);
        _parts.Metrics.SetCommittedHeight(block.Height);
        _parts.Metrics.SetMempoolSize(_parts.Mempool.Count);
        _parts.Metrics.BlockCommitted(ids.Count, block.TimestampMs, now);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Committed height {Height} (round {Round}) with {Transactions} transactions, state root {StateRoot}")]
    private static partial void LogCommitted(ILogger logger, ulong height, ulong round, int transactions, string stateRoot);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Committed height {Height} (round {Round}), an empty block")]
    private static partial void LogCommittedEmpty(ILogger logger, ulong height, ulong round);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Entered epoch {Epoch}: {Count} validators ({Validators}); this node signs in it: {Member}")]
    private static partial void LogEpochEntered(ILogger logger, ulong epoch, int count, string validators, bool member);
}
