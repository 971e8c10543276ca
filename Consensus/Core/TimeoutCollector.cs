using Ledger.Consensus.Messages;

namespace Ledger.Consensus.Core;

/// <summary>
/// Verified timeouts by round and signer; a TC forms when a round reaches a quorum. Released for
/// rounds the replica has moved past.
/// </summary>
internal sealed class TimeoutCollector(int quorum)
{
    private readonly SortedDictionary<ulong, SortedDictionary<int, RoundTimeout>> _rounds = [];
    private readonly HashSet<ulong> _formed = [];

    public int Count { get; private set; }

    public int SignersFor(ulong round) => _rounds.TryGetValue(round, out var set) ? set.Count : 0;

    /// <summary>Adds a verified timeout; returns the TC when this one completes a quorum.</summary>
    public TimeoutCertificate? Add(RoundTimeout timeout)
    {
        if (!_rounds.TryGetValue(timeout.Round, out SortedDictionary<int, RoundTimeout>? set))
        {
            set = [];
            _rounds[timeout.Round] = set;
        }

        if (!set.TryAdd(timeout.Signer, timeout))
        {
            return null;
        }

        Count++;
        if (set.Count < quorum || !_formed.Add(timeout.Round))
        {
            return null;
        }

        return new TimeoutCertificate(timeout.Round,
            [.. set.Values.Select(t => new TimeoutSignature(t.Signer, t.HighQc.Round, t.Signature))], timeout.Epoch);
    }

    public void ReleaseBelow(ulong round)
    {
        while (_rounds.Count > 0 && _rounds.Keys.First() < round)
        {
            ulong first = _rounds.Keys.First();
            Count -= _rounds[first].Count;
            _rounds.Remove(first);
        }

        _formed.RemoveWhere(r => r < round);
    }
}
