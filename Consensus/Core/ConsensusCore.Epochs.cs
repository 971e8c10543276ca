using Ledger.Consensus.Messages;
using Ledger.Consensus.Safety;
using Ledger.Consensus.Verification;
using Ledger.Crypto;

namespace Ledger.Consensus.Core;

/// <summary>
/// Epochs (docs/PROTOCOL.md, "Epochs"): the replica runs in one epoch with that epoch's set; a
/// block whose execution reported the next epoch ends it, its descendants in the epoch must be
/// empty, commits stop at it, and committing it moves the replica to the next epoch, rounds
/// restarting from the epoch-genesis QC that names it.
/// </summary>
public sealed partial class ConsensusCore
{
    /// <summary>How long a chain of uncommitted ancestors is searched for an epoch-ending block.</summary>
    private const int MaxSuffixWalk = 4_096;

    private (Hash32 Target, long SentAtMs)? _epochSync;
    private int _epochSyncAttempts;

    /// <summary>
    /// The old epoch's safety data this step must persist although the in-memory data already moved
    /// to the next epoch (the step that commits an epoch-ending block), or null.
    /// </summary>
    private SafetyData? _oldEpochPersist;

    /// <summary>
    /// The safety data was reset to this epoch in memory and is not persisted yet: the next thing
    /// signed persists it, a proposal included (whose signing alone changes no safety data).
    /// </summary>
    private bool _epochResetUnpersisted;

    /// <summary>The epoch this replica is in.</summary>
    public ulong Epoch => _verifier.Epoch;

    /// <summary>The validator set of <see cref="Epoch"/>.</summary>
    public ValidatorSet Validators => _validators;

    /// <summary>Whether this replica is a member of the current epoch's set (only members sign).</summary>
    public bool IsMember => _self >= 0;

    /// <summary>The root a replica of <paramref name="epoch"/> starts from when its last committed block ended the epoch before.</summary>
    private static CommittedRoot EpochStartRoot(ulong epoch, Hash32 blockId, ulong height, long timestampMs, Hash32 stateRoot) =>
        new(blockId, 0, height, timestampMs, stateRoot, QuorumCertificate.EpochGenesis(epoch, blockId, height, stateRoot));

    /// <summary>
    /// Whether <paramref name="block"/> descends (strictly) from an uncommitted epoch-ending block:
    /// a suffix block, which exists only to commit that block and must carry no payload.
    /// </summary>
    private bool IsSuffix(Block block)
    {
        Hash32 cursor = block.ParentId;
        for (int depth = 0; depth < MaxSuffixWalk && cursor != _store.Root.BlockId; depth++)
        {
            if (_store.Get(cursor) is not { } entry)
            {
                return false;
            }

            if (entry.NextEpoch is not null)
            {
                return true;
            }

            cursor = entry.Block.ParentId;
        }

        return false;
    }

    /// <summary>
    /// A message of another epoch: a lower one is stale (dropped, reported); a higher one shows this
    /// replica is behind, so it asks for the blocks up to the block <paramref name="named"/>, which
    /// brings the epoch-ending block with its commit evidence. The sender's index is of a set this
    /// replica does not know yet, so the request goes to the members of its own set in turn (at
    /// most one a base timeout), one of which has moved on.
    /// </summary>
    /// <returns>true when the message is of another epoch (and must not be processed further).</returns>
    private bool OtherEpoch(string kind, ulong epoch, int sender, Hash32 named)
    {
        if (epoch == Epoch)
        {
            return false;
        }

        if (epoch < Epoch)
        {
            Reject(kind, sender, $"stale epoch: message of epoch {epoch}, this replica is in epoch {Epoch}");
            return true;
        }

        if (_epochSync is not { } pending || _now - pending.SentAtMs >= _parameters.BaseTimeoutMs)
        {
            _epochSync = (named, _now);
            int peer = (Math.Max(_self, 0) + 1 + _epochSyncAttempts++) % _validators.Count;
            if (peer == _self)
            {
                peer = (peer + 1) % _validators.Count;
            }

            Emit(new RequestBlocks(peer, new SyncRequest(named, _store.Root.Height)));
        }

        return true;
    }

    /// <summary>
    /// The epoch-ending block <paramref name="end"/> was committed: enter its next epoch. Everything
    /// of the old epoch (uncommitted suffix blocks, votes, timeouts, certificates, syncs) is dropped;
    /// the safety data moves to the new epoch, reset, unless it is there already (a restart after it
    /// moved), and is persisted before anything of the new epoch is signed - not in this step, which
    /// persists the old epoch's data (see <see cref="_oldEpochPersist"/>).
    /// </summary>
    private void EnterEpoch(EpochChange next, Block end, Hash32 stateRoot, IReadOnlySet<Hash32> committed)
    {
        CommittedRoot root = EpochStartRoot(next.Epoch, end.Id, end.Height, end.TimestampMs, stateRoot);
        List<Hash32> abandoned = _store.Restart(root, committed);
        if (abandoned.Count > 0)
        {
            Emit(new DiscardBlocks(abandoned));
        }

        SwitchTo(next, root);
        _highQc = root.Qc;
        _highTc = null;
        _round = 0;
        _proposedRound = 0;
        _payloadRequest = null;
        _pendingVote = null;
        _roundBlock = null;
        _lastProposal = null;
        _commitTarget = null;
        _timerRound = 0;
        _consecutiveTimeouts = 0;
        _waitingForParent.Clear();
        _syncs.Clear();
        _epochSync = null;
        _epochSyncAttempts = 0;
        _syncedEpochEnd = null;
        _rootCarriesWork = false;
        if (_safety.Data.Epoch < next.Epoch)
        {
            // This step's actions commit B, and its safety data is written before them: it must be
            // the old epoch's (with the timeout just signed), or a crash before B's commit is stored
            // restarts the replica in the old epoch unable to sign there again. The reset lives in
            // memory and reaches the disk with the first thing signed in the new epoch, a later step
            // (after this one's CommitBlocks was carried out); a restart with B stored and only the
            // old data resets it again before signing.
            _oldEpochPersist = _persist ? _safety.Data : null;
            _persist = false;
            _safety.Reset(_safety.Data.StartOf(next.Epoch));
            _epochResetUnpersisted = true;
        }

        RestartRecovery();
        if (_epochResetUnpersisted)
        {
            // Recovery may have changed the new epoch's data (a set of one stops abstaining): that too
            // waits for the first signature of the new epoch, never this step's write.
            _persist = false;
        }

        AdvanceRound(1, progress: true);
    }

    /// <summary>
    /// Before leaving the epoch: a member times out the round after its high QC (which, or whose
    /// chain, commits the epoch-ending block) and broadcasts it, so the members still in the epoch
    /// get the certificate that ends it without waiting for a round timeout. Within the safety
    /// rules (it will sign nothing more in this epoch); refused, it only costs that wait.
    /// </summary>
    private void AnnounceEpochEnd()
    {
        if (_self < 0 || _safety.Data.Epoch != Epoch)
        {
            return;
        }

        ulong round = Math.Max(_round, _highQc.Round + 1);
        SafetyResult<RoundTimeout> result = _safety.SignTimeout(round, _highQc, _highTc);
        if (result.Message is { } timeout)
        {
            _persist |= result.IsNew;
            Emit(new BroadcastTimeout(timeout));
        }
    }

    /// <summary>Takes <paramref name="epoch"/>'s set: this replica's index in it, verifier, collectors.</summary>
    private void SwitchTo(EpochChange epoch, CommittedRoot root)
    {
        _validators = epoch.Validators;
        _self = _validators.IndexOf(_config.Key.PublicKey);
        _safety.Self = _self;
        QuorumCertificate? epochGenesis = root.Qc.IsGenesis && root.Qc.Data.Epoch == epoch.Epoch ? root.Qc : null;
        _verifier = new MessageVerifier(_chainId, _validators, _config.SignatureVerifier, epochGenesis, epoch.Epoch);
        _votes = new VoteCollector(_chainId, _validators.QuorumSize);
        _timeouts = new TimeoutCollector(_validators.QuorumSize);
        _equivocations = new EquivocationDetector();
    }
}
