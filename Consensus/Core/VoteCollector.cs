using Ledger.Consensus.Messages;
using Ledger.Crypto;

namespace Ledger.Consensus.Core;

/// <summary>
/// Verified votes grouped by round and by the exact data voted on (not the voters' clocks, which
/// differ); a QC forms when one group reaches a quorum of distinct signers. Released for rounds the replica has moved past.
/// </summary>
internal sealed class VoteCollector(string chainId, int quorum)
{
    private readonly SortedDictionary<ulong, Dictionary<Hash32, Group>> _rounds = [];

    public int Count { get; private set; }

    /// <summary>Adds a verified vote; returns the QC when this vote completes a quorum.</summary>
    public QuorumCertificate? Add(Vote vote)
    {
        if (!_rounds.TryGetValue(vote.Round, out Dictionary<Hash32, Group>? groups))
        {
            groups = [];
            _rounds[vote.Round] = groups;
        }

        Hash32 digest = vote.Data.Digest(chainId);
        if (!groups.TryGetValue(digest, out Group? group))
        {
            group = new Group(vote.Data);
            groups[digest] = group;
        }

        if (group.Done || !group.Signatures.TryAdd(vote.Voter, (vote.TimeMs, vote.Signature)))
        {
            return null;
        }

        Count++;
        if (group.Signatures.Count < quorum)
        {
            return null;
        }

        group.Done = true;
        return new QuorumCertificate(group.Data, [.. group.Signatures.Select(s => new SignerSignature(s.Key, s.Value.TimeMs, s.Value.Signature))]);
    }

    /// <summary>Drops every round below <paramref name="round"/>.</summary>
    public void ReleaseBelow(ulong round)
    {
        while (_rounds.Count > 0 && _rounds.Keys.First() < round)
        {
            ulong first = _rounds.Keys.First();
            Count -= _rounds[first].Values.Sum(g => g.Signatures.Count);
            _rounds.Remove(first);
        }
    }

    private sealed class Group(VoteData data)
    {
        public VoteData Data { get; } = data;

        /// <summary>Each voter's clock and signature; the first vote a voter sends for the data counts.</summary>
        public SortedDictionary<int, (long TimeMs, Signature Signature)> Signatures { get; } = [];

        public bool Done { get; set; }
    }
}
