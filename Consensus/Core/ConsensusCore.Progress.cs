using Ledger.Consensus.Messages;
using Ledger.Crypto;

namespace Ledger.Consensus.Core;

/// <summary>Certificates, rounds and the two-chain commit rule.</summary>
public sealed partial class ConsensusCore
{
    /// <summary>A verified QC: raise the high QC, record it, commit what it completes, advance the round.</summary>
    private void ProcessQc(QuorumCertificate qc, int source)
    {
        if (qc.Data.Epoch != Epoch)
        {
            // Verified in an epoch this replica has since left (an input whose first QC ended it).
            return;
        }

        if (qc.Round > _highQc.Round)
        {
            _highQc = qc;
            _persist |= _safety.Observe(_highQc, _highTc);
        }

        if (qc.IsGenesis || qc.Height <= _store.Root.Height)
        {
            return;
        }

        if (_store.Get(qc.BlockId) is { } entry)
        {
            entry.Qc ??= qc;
        }
        else
        {
            RequestSync(qc.BlockId, source == _self ? PeerFor(qc) : source);
        }

        // Two-chain rule: QC(B1) with B1.round == B0.round + 1 commits B0 = B1's parent.
        if (qc.Data.ParentRound + 1 == qc.Round && qc.Height - 1 > _store.Root.Height
            && (_commitTarget is not { } current || CommitHeight(current.Target) < qc.Height - 1))
        {
            _commitTarget = (qc.Data.ParentId, qc);
            ulong epoch = Epoch;
            TryApplyCommits();
            if (Epoch != epoch)
            {
                // The commit ended the epoch: this QC's rounds mean nothing in the next one.
                return;
            }
        }

        if (qc.Round >= _round)
        {
            AdvanceRound(qc.Round + 1, progress: true);
        }
    }

    private ulong CommitHeight(Hash32 target) => _store.TryGetPosition(target, out _, out ulong height, out _) ? height : 0;

    private void ProcessTc(TimeoutCertificate tc)
    {
        if (tc.Epoch != Epoch)
        {
            return;
        }

        if (_highTc is null || tc.Round > _highTc.Round)
        {
            _highTc = tc;
            _persist |= _safety.Observe(_highQc, _highTc);
        }

        if (tc.Round >= _round)
        {
            AdvanceRound(tc.Round + 1, progress: false);
        }
    }

    /// <summary>Verifies and uses the certificates of a message from far ahead, if they are news.</summary>
    private void ConsiderFarCertificate(QuorumCertificate qc, TimeoutCertificate? tc)
    {
        if (qc.Round > _highQc.Round && _verifier.CheckQc(qc) is null)
        {
            ProcessQc(qc, PeerFor(qc));
        }

        if (tc is not null && tc.Round >= _round && _verifier.CheckTc(tc) is null)
        {
            ProcessTc(tc);
        }
    }

    private void AdvanceRound(ulong newRound, bool progress)
    {
        if (newRound <= _round)
        {
            return;
        }

        _round = newRound;
        _consecutiveTimeouts = progress || _backoffDropped ? 0 : _consecutiveTimeouts + 1;
        _backoffDropped = false;
        _timedOutThisRound = false;
        _pendingVote = null;
        _roundBlock = null;
        _votes.ReleaseBelow(_round - 1);
        _timeouts.ReleaseBelow(_round);
        MaybeRequestPayload();
    }

    /// <summary>
    /// Commits the path from the root to the commit target once every block on it is executed.
    /// A block whose executed state differs from the state its QC certifies halts the replica.
    /// </summary>
    private void TryApplyCommits()
    {
        if (_commitTarget is not { } target)
        {
            return;
        }

        List<BlockStore.Entry>? path = _store.PathFromRoot(target.Target);
        if (path is null)
        {
            // Missing blocks: unless a request that will bring them is already out, ask for them.
            if (_syncs.Count == 0)
            {
                RequestSync(target.Target, PeerFor(target.ChildQc));
            }

            return;
        }

        var committed = new List<CommittedBlock>(path.Count);
        var beyondEpochEnd = new List<QuorumCertificate>();
        foreach (BlockStore.Entry entry in path)
        {
            // The target's QC arrives with its child; until then the commit waits.
            if (entry.Qc is not { } qc)
            {
                return;
            }

            if (entry.Rejected)
            {
                Halt($"a quorum certified block {entry.Block.Id.ToShortHex()} (round {entry.Block.Round}) that this replica's application rejected");
                return;
            }

            if (entry.StateRoot is not { } stateRoot)
            {
                return;
            }

            if (stateRoot != qc.Data.StateRoot)
            {
                Halt($"block {entry.Block.Id.ToShortHex()} at height {entry.Block.Height} executed to {stateRoot.ToShortHex()}, its QC certifies {qc.Data.StateRoot.ToShortHex()}");
                return;
            }

            if (committed.Count > 0 && committed[^1] is var previous && _store.Get(previous.Block.Id)?.NextEpoch is not null)
            {
                // Commits stop at the epoch-ending block: its suffix blocks' QCs only prove it final.
                beyondEpochEnd.Add(qc);
                continue;
            }

            committed.Add(new CommittedBlock(entry.Block, qc));
        }

        _commitTarget = null;
        if (committed.Count == 0)
        {
            return;
        }

        CommittedBlock last = committed[^1];
        if (beyondEpochEnd.Count == 0 && _syncedEpochEnd is { } synced && synced.BlockId == last.Block.Id && target.Target == last.Block.Id)
        {
            beyondEpochEnd = synced.SuffixQcs;
        }

        // The commit of the whole path is announced together (by the QC that commits the new root),
        // so work anywhere on it - not only in the new root - needs the next proposal to announce it.
        _rootCarriesWork = path.Exists(entry => !entry.Empty);
        Emit(new CommitBlocks(committed, target.ChildQc) { SuffixQcs = beyondEpochEnd });
        var committedIds = committed.Select(c => c.Block.Id).ToHashSet();
        if (_store.Get(last.Block.Id)?.NextEpoch is { } next)
        {
            AnnounceEpochEnd();
            EnterEpoch(next, last.Block, last.Qc.Data.StateRoot, committedIds);
            return;
        }

        List<Hash32> abandoned = _store.Prune(CommittedRoot.FromBlock(last.Block, last.Qc), committedIds);
        if (abandoned.Count > 0)
        {
            Emit(new DiscardBlocks(abandoned));
        }

        ulong rootRound = last.Block.Round;
        _equivocations.ReleaseBelow(rootRound + 1);
        foreach (Hash32 id in _waitingForParent.Where(w => w.Value.Block.Height <= last.Block.Height).Select(w => w.Key).ToList())
        {
            _waitingForParent.Remove(id);
        }

        foreach (Hash32 id in _syncs.Keys.Where(id => _store.Contains(id)).ToList())
        {
            _syncs.Remove(id);
        }
    }

    private void Halt(string reason)
    {
        _halted = true;
        Emit(new Halt(reason));
    }
}
