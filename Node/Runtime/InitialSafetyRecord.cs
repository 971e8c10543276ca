using Ledger.Consensus.Codec;
using Ledger.Consensus.Safety;
using Ledger.Crypto;
using Ledger.Storage;

namespace Ledger.Node.Runtime;

/// <summary>
/// A new validator's first safety record, written when its node is set up (`ledger testnet init`,
/// `ledger node init`) rather than when it first starts. At start, then, a missing
/// <c>safety.bin</c> always means a lost one (a deleted or wiped data folder), never a new
/// validator, and the node abstains until its peers' signed rounds give it a floor
/// (docs/PROTOCOL.md, safety rule 5) - even beside an empty ledger, which is what a wiped validator
/// of a young network has. The record names the validator's key (<see cref="SafetyStore.RecordOwner"/>).
/// </summary>
public static class InitialSafetyRecord
{
    /// <summary>
    /// Writes the initial record for <paramref name="validatorKey"/> into <paramref name="dataDirectory"/>,
    /// created if missing. Refused (<see cref="IOException"/>, nothing written) when the folder holds
    /// anything already: a validator that has run keeps the record it has, and a new record beside
    /// its data would let it sign again in rounds it signed in.
    /// </summary>
    public static void Write(string dataDirectory, PublicKey validatorKey, IFileDurability durability)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        if (Directory.Exists(dataDirectory) && Directory.EnumerateFileSystemEntries(dataDirectory).Any())
        {
            throw new IOException(
                $"data folder '{dataDirectory}' is not empty; a validator that has run keeps its own safety record (never write a new one beside its data)");
        }

        new SafetyStore(dataDirectory, durability, validatorKey.ToArray()).Write(ConsensusCodec.Encode(SafetyData.Initial));
    }
}
