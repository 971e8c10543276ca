using Ledger.Consensus.Messages;
using Ledger.Consensus.Safety;
using Ledger.Crypto;

namespace Ledger.Consensus.Core;

/// <summary>Proposals, votes, timeouts, timers and application results.</summary>
public sealed partial class ConsensusCore
{
    private void OnProposal(Proposal proposal)
    {
        Block block = proposal.Block;
        if (OtherEpoch("proposal", block.Epoch, block.Proposer, block.ParentId))
        {
            return;
        }

        if (block.Round <= _store.Root.Round)
        {
            return;
        }

        if (TooFarAhead(block.Round))
        {
            // Far ahead: only a certificate that proves the others moved on is worth the work.
            ConsiderFarCertificate(block.Justify, proposal.LastRoundTc);
            if (TooFarAhead(block.Round))
            {
                return;
            }
        }

        if (_verifier.CheckProposal(proposal, _parameters.MaxPayloadBytes) is { } proposalError)
        {
            Reject("proposal", block.Proposer, proposalError);
            return;
        }

        var header = SignedBlockHeader.Of(block);
        EquivocationDetector.Seen seen = _equivocations.Observe(EquivocationKind.Proposal, block.Round, block.Proposer, header,
            first => ((SignedBlockHeader)first).SameBlockAs(header), out EquivocationEvidence? evidence);
        if (evidence is not null)
        {
            Emit(new ReportEquivocation(evidence));
        }

        // A repeated proposal changes nothing (a restarted replica has forgotten it and re-votes
        // with its stored vote); a conflicting one is evidence only.
        if (seen != EquivocationDetector.Seen.New)
        {
            return;
        }

        ProcessVerifiedProposal(proposal);
    }

    private void ProcessVerifiedProposal(Proposal proposal)
    {
        Block block = proposal.Block;
        ProcessQc(block.Justify, block.Proposer);
        if (block.Epoch != Epoch)
        {
            // Its QC committed the end of the block's epoch.
            return;
        }

        if (proposal.LastRoundTc is { } tc)
        {
            ProcessTc(tc);
        }

        if (_halted)
        {
            return;
        }

        AcceptProposedBlock(proposal);
        if (block.Round == _round)
        {
            _pendingVote = proposal;
            if (_store.Get(block.Id)?.ObservedMs is not null)
            {
                _roundBlock = block.Id;
            }

            TryVote();
        }
    }

    /// <summary>
    /// Stores a proposed block once its timestamp is timely (recording the clock that judged it,
    /// which the vote will carry), or parks it until its parent arrives.
    /// </summary>
    private void AcceptProposedBlock(Proposal proposal)
    {
        Block block = proposal.Block;
        if (_store.Get(block.Id) is { } known)
        {
            // Stored by sync, which does not judge timeliness: judge it now that it is proposed to us.
            if (known.ObservedMs is null && IsTimely(block))
            {
                known.ObservedMs = _now;
            }

            return;
        }

        if (_store.Contains(block.Id))
        {
            return;
        }

        if (!_store.TryGetPosition(block.ParentId, out _, out _, out _))
        {
            if (block.Height > _store.Root.Height && _waitingForParent.Count < MaxWaitingProposals)
            {
                _waitingForParent[block.Id] = proposal;
                RequestSync(block.ParentId, block.Proposer);
            }

            return;
        }

        if (!IsTimely(block))
        {
            return;
        }

        if (_store.Insert(block) == BlockStore.InsertResult.Inserted)
        {
            _store.Get(block.Id)!.ObservedMs = _now;
            RequestExecution(block.Id);
        }
    }

    /// <summary>
    /// BFT time: a block's timestamp rises along the chain and lies within the window around this
    /// replica's clock (<see cref="Verification.BlockTimeWindow"/>), or this replica neither stores
    /// nor votes for it.
    /// </summary>
    private bool IsTimely(Block block)
    {
        if (!_store.TryGetPosition(block.ParentId, out _, out _, out long parentTimestamp) || block.TimestampMs <= parentTimestamp)
        {
            Reject("proposal", block.Proposer, $"block {block.Id.ToShortHex()} has timestamp {block.TimestampMs}, not after its parent's {parentTimestamp}");
            return false;
        }

        if (!_admitAnyBlockTimeForHarnessTest && !_timeWindow.Admits(block.TimestampMs, _now))
        {
            Reject("proposal", block.Proposer, $"block {block.Id.ToShortHex()} has timestamp {block.TimestampMs}, outside [{_now} - {_timeWindow.BehindMs}, {_now} + {_timeWindow.AheadMs}] around this replica's clock");
            return false;
        }

        return true;
    }

    private void TryVote()
    {
        if (_pendingVote is not { } proposal || proposal.Round != _round)
        {
            return;
        }

        BlockStore.Entry? entry = _store.Get(proposal.Block.Id);
        if (entry is null || entry.Rejected)
        {
            _pendingVote = entry is null ? _pendingVote : null;
            return;
        }

        if (entry.StateRoot is not { } stateRoot)
        {
            return;
        }

        _pendingVote = null;
        if (entry.ObservedMs is not { } observed)
        {
            // Never judged timely (it came by sync and its proposal was not): no vote.
            return;
        }

        if (_self < 0)
        {
            // Not in this epoch's set: follow, never sign.
            return;
        }

        if (proposal.Block.PayloadLength > 0 && IsSuffix(proposal.Block))
        {
            // After an epoch-ending block the epoch only commits it: a block with a payload there is invalid.
            Reject("proposal", proposal.Block.Proposer, $"block {proposal.Block.Id.ToShortHex()} follows an epoch-ending block but carries a payload");
            return;
        }

        // The next round's leader records that round with its vote: its proposal there then needs no write of its own.
        SafetyResult<Vote> result = _safety.SignVote(proposal.Block, proposal.LastRoundTc, stateRoot, observed, leadsNextRound: IsLeader(proposal.Block.Round + 1));
        if (result.Message is not { } vote)
        {
            return;
        }

        _persist |= result.IsNew;
        int nextLeader = _validators.LeaderOf(vote.Round + 1);
        if (nextLeader == _self)
        {
            OnVote(vote);
        }
        else
        {
            Emit(new SendVote(nextLeader, vote));
        }
    }

    private void OnVote(Vote vote)
    {
        if (OtherEpoch("vote", vote.Data.Epoch, vote.Voter, vote.Data.ParentId))
        {
            return;
        }

        // Votes for round r are aggregated by the leader of r + 1, and only while QC(r) is unknown.
        if (_self < 0 || vote.Round <= _store.Root.Round || vote.Round < _highQc.Round || TooFarAhead(vote.Round)
            || _validators.LeaderOf(vote.Round + 1) != _self)
        {
            return;
        }

        if (_verifier.CheckVote(vote) is { } voteError)
        {
            Reject("vote", vote.Voter, voteError);
            return;
        }

        EquivocationDetector.Seen seen = _equivocations.Observe(EquivocationKind.Vote, vote.Round, vote.Voter, vote,
            first => ((Vote)first).Data == vote.Data, out EquivocationEvidence? evidence);
        if (evidence is not null)
        {
            Emit(new ReportEquivocation(evidence));
        }

        if (seen != EquivocationDetector.Seen.New)
        {
            return;
        }

        if (_votes.Add(vote) is { } qc)
        {
            ProcessQc(qc, vote.Voter);
        }
    }

    private void OnTimeout(RoundTimeout timeout)
    {
        if (OtherEpoch("timeout", timeout.Epoch, timeout.Signer, timeout.HighQc.BlockId))
        {
            return;
        }

        if (timeout.Round <= _store.Root.Round)
        {
            return;
        }

        if (TooFarAhead(timeout.Round))
        {
            ConsiderFarCertificate(timeout.HighQc, timeout.HighTc);
            if (TooFarAhead(timeout.Round))
            {
                return;
            }
        }

        if (_verifier.CheckTimeout(timeout) is { } timeoutError)
        {
            Reject("timeout", timeout.Signer, timeoutError);
            return;
        }

        EquivocationDetector.Seen seen = _equivocations.Observe(EquivocationKind.Timeout, timeout.Round, timeout.Signer, SignedTimeoutRound.Of(timeout),
            first => ((SignedTimeoutRound)first).HighQcRound == timeout.HighQc.Round, out EquivocationEvidence? evidence);
        if (evidence is not null)
        {
            Emit(new ReportEquivocation(evidence));
        }

        if (seen == EquivocationDetector.Seen.Conflict)
        {
            return;
        }

        ProcessQc(timeout.HighQc, timeout.Signer);
        if (timeout.Epoch != Epoch)
        {
            // Its QC committed the end of the timeout's epoch.
            return;
        }

        if (timeout.HighTc is { } highTc)
        {
            ProcessTc(highTc);
        }

        if (seen == EquivocationDetector.Seen.Duplicate || timeout.Round < _round || _halted)
        {
            return;
        }

        TimeoutCertificate? tc = _timeouts.Add(timeout);

        // f + 1 timeouts for this round include an honest one: join it rather than wait out the timer.
        if (timeout.Round == _round && !_timedOutThisRound && _timeouts.SignersFor(_round) > _validators.MaxFaulty)
        {
            LocalTimeout();
        }

        if (tc is not null)
        {
            ProcessTc(tc);
        }
    }

    private void OnExecuted(Hash32 blockId, Hash32 stateRoot, bool empty, EpochChange? nextEpoch)
    {
        BlockStore.Entry? entry = _store.Get(blockId);
        if (entry is null || entry.StateRoot is not null || !entry.ExecutionRequested)
        {
            return;
        }

        if (nextEpoch is not null && nextEpoch.Epoch != Epoch + 1)
        {
            // Executed on a state that already left this epoch: the block follows an epoch-ending
            // block and carries a payload, so it gets no vote and can never be committed.
            nextEpoch = null;
        }

        entry.StateRoot = stateRoot;
        entry.Empty = empty;
        entry.NextEpoch = nextEpoch;
        foreach (Hash32 child in _store.ChildrenOf(blockId))
        {
            RequestExecution(child);
        }

        TryVote();
        TryApplyCommits();
    }

    private void OnRejected(Hash32 blockId)
    {
        if (_store.Get(blockId) is { } entry && entry.StateRoot is null)
        {
            entry.Rejected = true;
            TryVote();
        }
    }

    private void RequestExecution(Hash32 blockId)
    {
        BlockStore.Entry? entry = _store.Get(blockId);
        if (entry is null || entry.ExecutionRequested || _store.StateRootOf(entry.Block.ParentId) is not { } parentRoot)
        {
            return;
        }

        entry.ExecutionRequested = true;
        Emit(new ExecuteBlock(entry.Block, parentRoot));
    }

    private void OnPayload(ulong round, byte[] payload)
    {
        if (round != _round || !IsLeader(round) || _proposedRound >= round)
        {
            return;
        }

        if (_safety.Data.Epoch != Epoch)
        {
            // Restarted behind its safety data (it entered the next epoch before the commit reached
            // the disk): it signs nothing until it gets there again, proposals included.
            return;
        }

        if (!MayPropose(round))
        {
            // The replica lost its safety record and may have proposed in this round before.
            _payloadRequest = null;
            return;
        }

        if (payload.Length > _parameters.MaxPayloadBytes)
        {
            throw new ArgumentException($"payload of {payload.Length} bytes exceeds the limit of {_parameters.MaxPayloadBytes}", nameof(payload));
        }

        TimeoutCertificate? tc = null;
        if (_highQc.Round + 1 != round)
        {
            tc = _highTc;
            if (tc is null || tc.Round + 1 != round)
            {
                _payloadRequest = null;
                return;
            }
        }

        if (!_store.TryGetPosition(_highQc.BlockId, out _, out _, out long parentTimestamp))
        {
            // The parent is still being fetched: ask for a payload again once it arrives.
            _payloadRequest = null;
            return;
        }

        _proposedRound = round;
        if (_store.Get(_highQc.BlockId) is { } parentEntry && (parentEntry.NextEpoch is not null || IsSuffix(parentEntry.Block)))
        {
            // The parent ends the epoch or follows its end: this block only helps commit it.
            payload = [];
        }

        // The timestamp the payload was chosen for, unless the parent moved past it meanwhile.
        long timestamp = _payloadRequest is { } requested && requested.Round == round && requested.ParentId == _highQc.BlockId
            ? requested.TimestampMs
            : ProposalTimestamp(parentTimestamp);
        // The round goes into the safety record before the proposal leaves (safety rule 6), so a
        // restart cannot sign a second block in it; a vote or timeout this process signed as the
        // round's leader-to-be recorded it already, and then nothing new is written.
        _persist |= _safety.RecordProposal(round) | _epochResetUnpersisted;
        var proposal = new Proposal(Block.Create(_chainId, round, _highQc, payload, timestamp, _self, _config.Key, _safety.Data.Epoch), tc);
        _lastProposal = proposal;
        Emit(new BroadcastProposal(proposal));
        OnProposal(proposal);
    }
}
