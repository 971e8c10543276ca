using System.Diagnostics;
using Ledger.Consensus.Core;
using Ledger.Consensus.Safety;

namespace Ledger.Node.Runtime;

/// <summary>
/// Carries the core's actions so that nothing this replica signed leaves before what it depends on
/// is on the device: the safety record (<see cref="SafetyWrites"/> says when it is due) and the
/// blocks saved to the pending-block log since its last flush (a vote is for an executed block,
/// which must survive a power loss of every replica, <see cref="PendingBlockStore"/>). The two are
/// separate files, so their flushes are issued at the same time (the blocks' on a pool thread, the
/// safety record's on the loop) and the action runs once both have returned: a round at small blocks
/// waits for one flush here instead of two in a row. The check is made before each action, not
/// once per output batch, so a block saved by an action is flushed before a later signed action of
/// the same batch. <c>waited</c> is told how long the loop waited for the flushes each time.
/// </summary>
internal sealed class DurableBeforeSend(PendingBlockStore pending, Action<SafetyData> writeSafety, Action<TimeSpan>? waited = null)
{
    private readonly SafetyWrites _safetyWrites = new();

    /// <summary>Carries <paramref name="outputs"/>' actions in order through <paramref name="carry"/>, flushing first where a signed one needs it.</summary>
    public void Carry(ConsensusOutputs outputs, Action<ConsensusAction> carry)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(carry);
        var safety = _safetyWrites.DueBefore(outputs);
        foreach (var action in outputs.Actions)
        {
            if (!SafetyWrites.SendsNothingSigned(action) && (safety is not null || pending.HasUnflushed))
            {
                var started = Stopwatch.GetTimestamp();
                Flush(safety);
                waited?.Invoke(Stopwatch.GetElapsedTime(started));
                safety = null;
            }

            carry(action);
        }
    }

    /// <summary>Flushes the saved blocks and writes the safety record (when given) concurrently; returns once both are durable.</summary>
    private void Flush(SafetyData? safety)
    {
        if (safety is null)
        {
            pending.FlushSaved();
            return;
        }

        if (!pending.HasUnflushed)
        {
            writeSafety(safety);
            return;
        }

        var blocks = Task.Run(pending.FlushSaved);
        try
        {
            writeSafety(safety);
        }
        finally
        {
            // Even when the safety write failed: the store must not be touched while its flush runs.
            blocks.GetAwaiter().GetResult();
        }
    }
}
