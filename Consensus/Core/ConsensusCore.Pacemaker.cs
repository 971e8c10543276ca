using Ledger.Consensus.Messages;
using Ledger.Consensus.Safety;
using Ledger.Crypto;

namespace Ledger.Consensus.Core;

/// <summary>
/// The pacemaker: when a leader proposes, how long a replica waits before giving up on a round,
/// and what an idle network does. While work is pending (or blocks holding work still await the
/// blocks that commit them) leaders propose at once and the round timer is the round timeout;
/// otherwise a leader proposes only a heartbeat, <see cref="ConsensusParameters.HeartbeatMs"/>
/// after its parent's timestamp, and every replica waits that long plus a round timeout before
/// timing the round out, so an idle network neither writes empty blocks nor times out rounds.
/// </summary>
public sealed partial class ConsensusCore
{
    /// <summary>Blocks looked at below the tip when deciding whether the chain needs more blocks.</summary>
    private const int MaxChainWalk = 64;

    private bool _workPending = true;
    private bool _rootCarriesWork;
    private ulong _timerRound;
    private long _timerDeadline;
    private bool _timerIdle;
    private Proposal? _lastProposal;

    /// <summary>
    /// Set when a peer's return dropped the backoff of a timed-out round: the TC that ends that
    /// round came from the heal, not from a round that was too short, so it does not back off the next.
    /// </summary>
    private bool _backoffDropped;

    private void OnWorkPending(bool pending)
    {
        _workPending = pending;
        MaybeRequestPayload();
    }

    /// <summary>
    /// A peer is reachable again after messages to it were lost (a partition healed, a process
    /// resumed). It gets again what it needs to join this replica's round: the last timeout (when
    /// for this round or the one before: with others' it makes the TC the peer lacks, and it carries
    /// the high QC and TC), the vote for this round when the peer aggregates it, and this round's
    /// proposal when this replica made it. A replica that had timed its round out also drops its
    /// backoff: timeouts while a quorum could not be reached say nothing about how long a round
    /// needs, and the next round should not wait the backed-off maximum - nor twice the base
    /// timeout because the TC that ends the stuck round counted as one more failed round.
    /// </summary>
    private void OnPeerReachable(int peer)
    {
        if (peer == _self || !_validators.IsValidIndex(peer))
        {
            return;
        }

        if (_safety.Data.LastTimeout is { } timeout && timeout.Round + 1 >= _round)
        {
            Emit(new Resend(peer, timeout));
        }

        if (_safety.Data.LastVote is { } vote && vote.Round == _round && _validators.LeaderOf(_round + 1) == peer)
        {
            Emit(new Resend(peer, vote));
        }

        if (_lastProposal is { } proposal && proposal.Round == _round)
        {
            Emit(new Resend(peer, proposal));
        }

        if (_timedOutThisRound && _consecutiveTimeouts > 0)
        {
            _consecutiveTimeouts = 0;
            _backoffDropped = true;
            ArmRoundTimer(Later(_now, TimeoutDelay()), idle: false);
        }
    }

    private void OnTimer(ulong round)
    {
        if (round != _round)
        {
            return;
        }

        if (_safety.Data.Abstaining && _self >= 0)
        {
            // Nothing to sign yet: ask the peers again (answers may have been lost, or a peer was
            // down) at the base timeout, without backing off, and keep fetching missing blocks.
            Emit(new AskSignedRounds(Epoch));
            RetrySyncs();
            ArmRoundTimer(Later(_now, _parameters.BaseTimeoutMs), idle: false);
            return;
        }

        // A waiting leader's timer is its heartbeat: propose rather than give up on its own round.
        if (IsLeader(round) && _proposedRound < round && _payloadRequest?.Round != round && !_timedOutThisRound && CanPropose() && MayPropose(round))
        {
            MaybeRequestPayload();
            ArmRoundTimer(_payloadRequest?.Round == round ? Later(_now, TimeoutDelay()) : Math.Max(HeartbeatDue(), _now), idle: _payloadRequest?.Round != round);
            return;
        }

        RetrySyncs();
        LocalTimeout();

        // Still stuck in this round (our timeout did not complete a TC): back off and re-send later.
        if (_round == round)
        {
            _consecutiveTimeouts++;
            _backoffDropped = false;
            ArmRoundTimer(_now + TimeoutDelay(), idle: false);
        }
    }

    /// <summary>Signs (or re-sends the stored) timeout for the current round and counts it.</summary>
    private void LocalTimeout()
    {
        if (_self < 0)
        {
            return;
        }

        SafetyResult<RoundTimeout> result = _safety.SignTimeout(_round, _highQc, _highTc, leadsNextRound: IsLeader(_round + 1));
        if (result.Message is not { } timeout)
        {
            return;
        }

        _timedOutThisRound = true;
        _persist |= result.IsNew;
        Emit(new BroadcastTimeout(timeout));
        if (result.IsNew)
        {
            OnTimeout(timeout);
        }
    }

    /// <summary>Asks the application for a payload when this replica leads the round and a block is needed now.</summary>
    private void MaybeRequestPayload()
    {
        if (!IsLeader(_round) || _proposedRound >= _round || _payloadRequest?.Round == _round || !MayPropose(_round) || !ProposalNeededNow())
        {
            return;
        }

        // The block's timestamp is fixed now, so the application can pick what is valid at it.
        long parentTimestamp = _store.TryGetPosition(_highQc.BlockId, out _, out _, out long known) ? known : long.MinValue;
        var request = new RequestPayload(_round, _highQc.BlockId, _highQc.Height + 1, ProposalTimestamp(parentTimestamp));
        _payloadRequest = request;
        if (_store.Get(_highQc.BlockId) is { } parent && (parent.NextEpoch is not null || IsSuffix(parent.Block)))
        {
            // After an epoch-ending block the epoch only commits it: propose an empty block, ask no payload.
            OnPayload(_round, []);
            return;
        }

        Emit(request);
    }

    /// <summary>
    /// A leader proposes at once when there is work, when its round was entered by a TC (a round
    /// without a QC chain to extend), when the chain holds work not yet known committed, or when
    /// the heartbeat is due.
    /// </summary>
    private bool ProposalNeededNow() =>
        _workPending || _highQc.Round + 1 != _round || ChainNeedsBlocks(_highQc.BlockId) || _now >= HeartbeatDue();

    /// <summary>This replica holds what a proposal for the current round extends: a QC or TC for the previous round, and the QC's block.</summary>
    private bool CanPropose() =>
        (_highQc.Round + 1 == _round || _highTc?.Round + 1 == _round) && _store.TryGetPosition(_highQc.BlockId, out _, out _, out _);

    /// <summary>When an idle leader proposes: a heartbeat after its parent's timestamp (at once if the parent is unknown).</summary>
    private long HeartbeatDue() =>
        _store.TryGetPosition(_highQc.BlockId, out _, out _, out long parentTimestamp)
            ? (parentTimestamp > long.MaxValue - _parameters.HeartbeatMs ? long.MaxValue : parentTimestamp + _parameters.HeartbeatMs)
            : _now;

    /// <summary>
    /// Whether the chain ending at <paramref name="tip"/> holds work (a block not known empty)
    /// that a replica holding <paramref name="tip"/> cannot yet know committed. A block's justify
    /// QC announces the commit of the block two below it when their rounds are consecutive
    /// (two-chain rule), so going down from the tip, the first such justify marks where the
    /// unannounced blocks end: the tip down to that justify's block. Those need the next proposal
    /// (it carries the tip's QC) and, for the tip itself, one more. A block holding work thus gets
    /// two more blocks after it, and an empty heartbeat none.
    /// </summary>
    private bool ChainNeedsBlocks(Hash32 tip)
    {
        Hash32 cursor = tip;
        for (int depth = 0; depth < MaxChainWalk; depth++)
        {
            if (cursor == _store.Root.BlockId)
            {
                return _rootCarriesWork;
            }

            if (_store.Get(cursor) is not { } entry || !entry.Empty)
            {
                return true;
            }

            QuorumCertificate justify = entry.Block.Justify;
            if (justify.Data.ParentRound + 1 == justify.Round)
            {
                // Announced committed: the justify's parent and below. Its block is the last unannounced one.
                return justify.BlockId == _store.Root.BlockId ? _rootCarriesWork : _store.Get(justify.BlockId) is not { Empty: true };
            }

            cursor = entry.Block.ParentId;
        }

        return true;
    }

    /// <summary>
    /// Whether the next proposal should come promptly: there is work; or the round was entered by
    /// a TC and its block has not come yet; or the chain up to this round's block (the block the
    /// next leader extends) or, before it arrives, up to the high QC's block needs more blocks; or
    /// this replica leads the round and waits for the payload it asked for.
    /// </summary>
    private bool ExpectProposalSoon()
    {
        if (_workPending || (_roundBlock is null && _highQc.Round + 1 != _round))
        {
            return true;
        }

        if (IsLeader(_round) && _proposedRound < _round && _payloadRequest?.Round == _round)
        {
            return true;
        }

        return ChainNeedsBlocks(_roundBlock ?? _highQc.BlockId);
    }

    /// <summary>
    /// Keeps the round timer right after every input: a new round gets a round timeout (plus a
    /// heartbeat while idle); within a round, work arriving shortens an idle wait to a round
    /// timeout from now and work draining lengthens it again; an idle leader's timer fires when its
    /// heartbeat is due. Once this replica timed the round out, the backed-off timer stands.
    /// </summary>
    private void UpdateRoundTimer()
    {
        if (_halted)
        {
            return;
        }

        bool idle = !_timedOutThisRound && !ExpectProposalSoon();
        long delay = TimeoutDelay();
        long idleDelay = delay > long.MaxValue - _parameters.HeartbeatMs ? long.MaxValue : delay + _parameters.HeartbeatMs;
        if (_timerRound != _round)
        {
            ArmRoundTimer(Later(_now, idle ? idleDelay : delay), idle);
        }
        else if (!_timedOutThisRound && idle != _timerIdle)
        {
            long deadline = Later(_now, idle ? idleDelay : delay);
            if (idle ? deadline > _timerDeadline : deadline < _timerDeadline)
            {
                ArmRoundTimer(deadline, idle);
            }
            else
            {
                _timerIdle = idle;
            }
        }

        if (idle && IsLeader(_round) && _proposedRound < _round && MayPropose(_round) && HeartbeatDue() < _timerDeadline)
        {
            ArmRoundTimer(Math.Max(HeartbeatDue(), _now), idle);
        }
    }

    private void ArmRoundTimer(long deadline, bool idle)
    {
        _timerRound = _round;
        _timerDeadline = deadline;
        _timerIdle = idle;
        Emit(new SetTimer(_round, deadline - _now));
    }

    private long TimeoutDelay()
    {
        long delay = _parameters.BaseTimeoutMs;
        for (int i = 0; i < _consecutiveTimeouts && delay < _parameters.MaxTimeoutMs; i++)
        {
            delay *= 2;
        }

        return Math.Min(delay, _parameters.MaxTimeoutMs);
    }

    /// <summary>This replica's clock, but after the parent's timestamp.</summary>
    private long ProposalTimestamp(long parentTimestamp) => parentTimestamp == long.MaxValue ? parentTimestamp : Math.Max(_now, parentTimestamp + 1);

    private static long Later(long now, long delay) => now > long.MaxValue - delay ? long.MaxValue : now + delay;
}
