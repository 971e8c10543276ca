using Ledger.Consensus.Messages;

namespace Ledger.Consensus.Core;

/// <summary>
/// Remembers the first verified proposal, vote and timeout per (round, signer), in the compact
/// form evidence keeps (what the signature covers, never a block's payload), and reports a second,
/// different one as evidence holding both. Released below the committed round.
/// </summary>
internal sealed class EquivocationDetector
{
    private readonly Dictionary<(EquivocationKind Kind, ulong Round, int Signer), SignedMessage> _first = [];
    private readonly HashSet<(EquivocationKind, ulong, int)> _reported = [];

    public int Count => _first.Count;

    /// <summary>
    /// Records a message; returns <see cref="Seen.New"/>, <see cref="Seen.Duplicate"/> or, with
    /// evidence, <see cref="Seen.Conflict"/>.
    /// </summary>
    public Seen Observe(EquivocationKind kind, ulong round, int signer, SignedMessage message, Func<SignedMessage, bool> sameAs, out EquivocationEvidence? evidence)
    {
        evidence = null;
        var key = (kind, round, signer);
        if (!_first.TryGetValue(key, out SignedMessage? first))
        {
            _first[key] = message;
            return Seen.New;
        }

        if (sameAs(first))
        {
            return Seen.Duplicate;
        }

        if (_reported.Add(key))
        {
            evidence = new EquivocationEvidence(kind, signer, round, first, message);
        }

        return Seen.Conflict;
    }

    public void ReleaseBelow(ulong round)
    {
        foreach (var key in _first.Keys.Where(k => k.Round < round).ToList())
        {
            _first.Remove(key);
        }

        _reported.RemoveWhere(k => k.Item2 < round);
    }

    internal enum Seen
    {
        New,
        Duplicate,
        Conflict,
    }
}
