using Ledger.Consensus.Messages;
using Ledger.Consensus.Sync;
using Ledger.Crypto;

namespace Ledger.Consensus.Core;

/// <summary>Catch-up: asking for blocks a certificate names and accepting them only with a valid QC chain.</summary>
public sealed partial class ConsensusCore
{
    /// <summary>An epoch-ending block a sync answer proved final, with the suffix QCs of its commit evidence.</summary>
    private (Hash32 BlockId, List<QuorumCertificate> SuffixQcs)? _syncedEpochEnd;

    /// <param name="aboveHeight">
    /// Height of a block this replica holds on the way to the target: the committed root's unless
    /// a reply that stopped short already brought blocks above it.
    /// </param>
    private void RequestSync(Hash32 target, int peer, ulong? aboveHeight = null)
    {
        if (_store.Contains(target) || _syncs.ContainsKey(target) || _syncs.Count >= MaxSyncsInFlight)
        {
            return;
        }

        if (peer == _self || !_validators.IsValidIndex(peer))
        {
            peer = (_self + 1) % _validators.Count;
        }

        _syncs[target] = (peer, _now);
        Emit(new RequestBlocks(peer, new SyncRequest(target, aboveHeight ?? _store.Root.Height)));
    }

    /// <summary>Re-asks, from the next validator, for targets still missing after a base timeout.</summary>
    private void RetrySyncs()
    {
        foreach ((Hash32 target, (int peer, long sentAt)) in _syncs.ToList())
        {
            if (_store.Contains(target))
            {
                _syncs.Remove(target);
                continue;
            }

            if (_now - sentAt < _parameters.BaseTimeoutMs)
            {
                continue;
            }

            int next = (peer + 1) % _validators.Count;
            if (next == _self)
            {
                next = (next + 1) % _validators.Count;
            }

            _syncs[target] = (next, _now);
            Emit(new RequestBlocks(next, new SyncRequest(target, _store.Root.Height)));
        }
    }

    private void OnSyncResponse(int from, SyncResponse response)
    {
        if (response.Blocks.Count == 0)
        {
            return;
        }

        string? error = response.Blocks.Count > _parameters.MaxSyncBlocks
            ? $"{response.Blocks.Count} blocks exceed the limit of {_parameters.MaxSyncBlocks}"
            : SyncVerifier.Check(response, _verifier, _parameters.MaxPayloadBytes, _timeWindow);
        if (error is not null)
        {
            Reject("sync response", from, error);
            return;
        }

        // Skip what is already committed; the rest must hang off a block this replica holds.
        int start = 0;
        while (start < response.Blocks.Count && response.Blocks[start].Height <= _store.Root.Height)
        {
            start++;
        }

        if (start == response.Blocks.Count || !_store.Contains(response.Blocks[start].ParentId))
        {
            return;
        }

        int added = 0;
        for (int i = start; i < response.Blocks.Count; i++)
        {
            Block block = response.Blocks[i];
            BlockStore.InsertResult inserted = _store.Insert(block);
            if (inserted is BlockStore.InsertResult.Full or BlockStore.InsertResult.UnknownParent)
            {
                break;
            }

            added += inserted == BlockStore.InsertResult.Inserted ? 1 : 0;

            QuorumCertificate qc = i + 1 < response.Blocks.Count ? response.Blocks[i + 1].Justify : response.TipQc!;
            _store.Get(block.Id)!.Qc ??= qc;
            RequestExecution(block.Id);
        }

        foreach (Block block in response.Blocks.Skip(start))
        {
            ProcessQc(block.Justify, from);
        }

        ProcessQc(response.TipQc!, from);
        if (response.EpochEndQcs.Count > 0 && _store.Get(response.Blocks[^1].Id) is { } end)
        {
            // The last block ended its epoch and is final: commit it once executed (the commit
            // enters the next epoch), with the suffix QCs that prove it. The suffix QCs and the
            // last QC are one response's chain and are taken together: a second response for the
            // same block replaces both, or the stored evidence would mix two chains (seed 293 of
            // `ledger sim --epochs --epoch-changes 2 --validators 7 --byzantine 2`).
            _syncedEpochEnd = (end.Block.Id, response.EpochEndQcs.Take(response.EpochEndQcs.Count - 1).ToList());
            if (_commitTarget is not { } current || CommitHeight(current.Target) <= end.Block.Height)
            {
                _commitTarget = (end.Block.Id, response.EpochEndQcs[^1]);
            }
        }

        // Targets the response did not reach yet: ask the same peer for the next stretch, above the
        // last block it brought (a reply is bounded in blocks and bytes, so a long catch-up takes
        // several). Only a response that brought new blocks does this, so duplicated responses
        // cannot multiply requests.
        Block last = response.Blocks[^1];
        ulong? continueAbove = _store.Contains(last.Id) ? last.Height : null;
        foreach ((Hash32 target, (int peer, long _)) in _syncs.ToList())
        {
            _syncs.Remove(target);
            if (added > 0 || _store.Contains(target))
            {
                RequestSync(target, peer, continueAbove);
            }
            else
            {
                _syncs[target] = (peer, _now);
            }
        }

        foreach (Proposal waiting in _waitingForParent.Values.Where(p => _store.Contains(p.Block.ParentId)).ToList())
        {
            _waitingForParent.Remove(waiting.Block.Id);
            ProcessVerifiedProposal(waiting);
        }

        TryApplyCommits();
        MaybeRequestPayload();
    }
}
