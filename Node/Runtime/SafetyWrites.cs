using Ledger.Consensus.Core;
using Ledger.Consensus.Safety;

namespace Ledger.Node.Runtime;

/// <summary>
/// When the core's safety data must reach the disk: before the first action that sends something
/// this replica signed (a vote, a timeout, a proposal, a re-send of one) or halts, never later. Data
/// that changed with nothing signed leaving (the core observed a higher QC or TC, typically when a
/// proposal arrives, whose vote follows only once the block has executed) is held and written with
/// the next signed message, whose record includes it: the safety record is the whole
/// <see cref="SafetyData"/>, so the write before the vote covers the observation too. What a crash
/// can lose is only what this replica saw and never acted on, which is what Diem's safety rules
/// persist as well (they update the lock inside signing): the vote and timeout rules hold over what
/// was persisted with the signatures. A restarted replica may re-enter an earlier round and catch up
/// from its peers' certificates. One flush a round instead of two at small blocks.
/// </summary>
internal sealed class SafetyWrites
{
    private SafetyData? _unwritten;

    /// <summary>The data to write and flush before carrying <paramref name="outputs"/>' actions, or null when none of them needs it.</summary>
    public SafetyData? DueBefore(ConsensusOutputs outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        if (outputs.PersistFirst is { } data)
        {
            _unwritten = data;
        }

        if (_unwritten is not { } due || outputs.Actions.All(SendsNothingSigned))
        {
            return null;
        }

        _unwritten = null;
        return due;
    }

    /// <summary>
    /// Actions that carry no signature of this replica out of the node. Anything else (including an
    /// action added later and not listed here) writes the data first.
    /// </summary>
    internal static bool SendsNothingSigned(ConsensusAction action) =>
        action is ExecuteBlock or SetTimer or CommitBlocks or DiscardBlocks or RequestPayload or RequestBlocks or ReportEquivocation or AskSignedRounds;
}
