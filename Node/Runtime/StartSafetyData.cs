using Ledger.Consensus.Codec;
using Ledger.Consensus.Safety;

namespace Ledger.Node.Runtime;

/// <summary>
/// The safety data a node's core starts with. No record means a lost one, whatever the ledger
/// holds: set-up (`ledger testnet init`, `ledger node init`) writes a new validator's first record
/// (<see cref="InitialSafetyRecord"/>), so a missing <c>safety.bin</c> is a deleted or wiped one,
/// this key may have signed before, and the core abstains until its peers' signed rounds say what
/// it may sign (docs/ARCHITECTURE.md, "Safety record"). A record naming another validator's key
/// (copied from another node, or kept across a key rotation) says nothing about what this key
/// signed: it counts as lost too.
/// </summary>
public static class StartSafetyData
{
    /// <param name="ofAnotherKey">Set when the file exists but names another key (the caller logs it).</param>
    public static SafetyData Read(SafetyStore safety, out bool ofAnotherKey)
    {
        ArgumentNullException.ThrowIfNull(safety);
        byte[]? bytes = safety.Read();
        ofAnotherKey = bytes is not null && safety.BelongsToAnotherKey;
        return bytes is null || ofAnotherKey
            ? SafetyData.Lost
            : ConsensusCodec.DecodeSafetyData(bytes, safety.RecordFormat);
    }
}
