using Ledger.Consensus.Safety;

namespace Ledger.Consensus.Core;

/// <summary>
/// The result of one input. When <see cref="PersistFirst"/> is set the driver must write it
/// durably (flush) before any message this replica signed leaves it, because the actions may carry
/// the signatures it protects. A driver may hold data that changed with nothing signed leaving and
/// write it (or a later record, which includes it) before the next signed message.
/// </summary>
public sealed record ConsensusOutputs(SafetyData? PersistFirst, IReadOnlyList<ConsensusAction> Actions)
{
    /// <summary>Messages this input carried that failed verification: diagnostics, not actions.</summary>
    public IReadOnlyList<MessageRejected> Rejections { get; init; } = [];

    public static ConsensusOutputs None { get; } = new(null, []);
}
