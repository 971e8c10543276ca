using Ledger.Consensus.Core;
using Ledger.Consensus.Messages;
using Ledger.Crypto;

namespace Ledger.Simulator;

/// <summary>
/// Every proposal, vote and timeout each honest validator signed, across its crashes, restarts and
/// wipes: the first per (epoch, round). An honest validator that sends a second, conflicting one (a
/// proposal of another block; a vote for another block; a timeout with another high QC round: what
/// equivocation evidence proves) has equivocated, whether or not a peer happened to see both - the
/// check a lost safety record, or a leader restarted in its own round, is most likely to break.
/// </summary>
internal sealed class HonestSignatures
{
    private readonly Dictionary<(int Validator, byte Kind, ulong Epoch, ulong Round), Hash32> _first = [];

    /// <summary>The failure when <paramref name="action"/> sends a statement conflicting with one the validator sent before, else null.</summary>
    public string? Check(SimNode node, ConsensusAction action)
    {
        SignedMessage? message = action switch
        {
            BroadcastProposal p => p.Proposal,
            SendVote v => v.Vote,
            BroadcastTimeout t => t.Timeout,
            Resend r => r.Message,
            _ => null,
        };
        (byte Kind, ulong Epoch, ulong Round, Hash32 Content)? statement = message switch
        {
            Proposal p => (1, p.Block.Epoch, p.Block.Round, p.Block.Id),
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

        string kind = s.Kind switch { 1 => "proposal", 2 => "vote", _ => "timeout" };
        return first == s.Content
            ? null
            : $"EQUIVOCATION by honest validator {node.Validator} (slot {node.Slot}): a second, different {kind} for round {s.Round} of epoch {s.Epoch}";
    }
}
