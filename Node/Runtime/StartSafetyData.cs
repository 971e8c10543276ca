using Ledger.Consensus;
using Ledger.Consensus.Codec;
using Ledger.Consensus.Safety;
using Ledger.Crypto;

namespace Ledger.Node.Runtime;

/// <summary>
/// The safety data a node's core starts with. No record means a lost one, whatever the ledger
/// holds: set-up (`ledger testnet init`, `ledger node init`) writes a new validator's first record
/// (<see cref="InitialSafetyRecord"/>), so a missing <c>safety.bin</c> is a deleted or wiped one,
/// this key may have signed before, and the core abstains until its peers' signed rounds say what
/// it may sign (docs/ARCHITECTURE.md, "Safety record").
/// A record naming another key says nothing about what this key signed, and is judged by the
/// current epoch's validator set:
/// <list type="bullet">
/// <item>the other key is a current validator's: the record was copied from another node, and
/// this key's own record is lost: abstain;</item>
/// <item>the other key is no current validator's and this key is: the record is the one this
/// validator kept across a committed key rotation (docs/ARCHITECTURE.md, "Rotating a key"). The new
/// key entered the set with that change and has signed nothing yet, so it starts a record of its
/// own at once, without abstaining (which would need every other validator of a set of four to
/// answer: a rotation would otherwise cost liveness whenever one of them is down).</item>
/// </list>
/// </summary>
public static class StartSafetyData
{
    public static SafetyData Read(SafetyStore safety, ValidatorSet current, PublicKey own, out StartRecord found)
    {
        ArgumentNullException.ThrowIfNull(safety);
        ArgumentNullException.ThrowIfNull(current);
        byte[]? bytes = safety.Read();
        if (bytes is null)
        {
            found = StartRecord.Missing;
            return SafetyData.Lost;
        }

        if (!safety.BelongsToAnotherKey)
        {
            found = StartRecord.Own;
            return ConsensusCodec.DecodeSafetyData(bytes, safety.RecordFormat);
        }

        bool recordKeyListed = current.IndexOf(new PublicKey(safety.RecordOwner!)) >= 0;
        bool ownKeyListed = current.IndexOf(own) >= 0;
        found = !recordKeyListed && ownKeyListed ? StartRecord.OfRotatedKey : StartRecord.OfAnotherValidator;
        return found == StartRecord.OfRotatedKey ? SafetyData.Initial : SafetyData.Lost;
    }
}
