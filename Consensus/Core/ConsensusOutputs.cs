using Ledger.Consensus.Safety;

namespace Ledger.Consensus.Core;

/// <summary>
/// The result of one input. When <see cref="PersistFirst"/> is set the driver must write it
/// durably (flush) before performing any action, because the actions may carry the signatures it
/// protects.
/// </summary>
public sealed record ConsensusOutputs(SafetyData? PersistFirst, IReadOnlyList<ConsensusAction> Actions)
{
    /// <summary>Messages this input carried that failed verification: diagnostics, not actions.</summary>
    public IReadOnlyList<MessageRejected> Rejections { get; init; } = [];

    public static ConsensusOutputs None { get; } = new(null, []);
}
