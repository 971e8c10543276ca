using Ledger.Consensus.Core;
using Ledger.Consensus.Messages;
using Ledger.Crypto;

namespace Ledger.Simulator;

/// <summary>
/// Every vote and timeout each honest validator signed, across its crashes, restarts and wipes: the
/// first per (epoch, round). An honest validator that sends a second, conflicting one (a vote for
/// another block; a timeout with another high QC round: what equivocation evidence proves) has
/// equivocated, whether or not a peer happened to see both - the check a lost safety record is most
/// likely to break. Proposals are left out: the safety record does not cover them, and a leader
/// restarted in its own round may propose a second block there (a gap of its own, not checked here).
/// </summary>
internal sealed class HonestSignatures
{
    private readonly Dictionary<(int Validator, byte Kind, ulong Epoch, ulong Round), Hash32> _first = [];

    /// <summary>The failure when <paramref name="action"/> sends a statement conflicting with one the validator sent before, else null.</summary>
    public string? Check(SimNode node, ConsensusAction action)
    {
        SignedMessage? message = action switch
        {
            SendVote v => v.Vote,
            BroadcastTimeout t => t.Timeout,
            Resend r => r.Message,
            _ => null,
        };
        (byte Kind, ulong Epoch, ulong Round, Hash32 Content)? statement = message switch
        {
            Vote v => (2, v.Data.Epoch, v.Round, v.Data.BlockId),
            RoundTimeout t => (3, t.Epoch, t.Round, new CanonicalWriter().WriteU64(t.HighQc.Round).Hash()),
            _ => null,
        };
        if (statement is not { } s)
        {
            return null;
        }

        var key = (node.Validator, s.Kind, s.Epoch, s.Round);
        if (!_first.TryGetValue(key, out Hash32 first))
        {
            _first[key] = s.Content;
            return null;
        }

        string kind = s.Kind == 2 ? "vote" : "timeout";
        return first == s.Content
            ? null
            : $"EQUIVOCATION by honest validator {node.Validator} (slot {node.Slot}): a second, different {kind} for round {s.Round} of epoch {s.Epoch}";
    }
}
