using Ledger.Consensus.Verification;
using Ledger.Crypto;

namespace Ledger.Consensus.Core;

/// <summary>
/// Who this replica is and what it runs with. <paramref name="Validators"/> is the set of
/// <paramref name="Epoch"/>, the epoch the committed root's state is in (genesis's set and 0 for a
/// network that never changed its set); a replica whose key is not in it follows without signing.
/// </summary>
public sealed record ConsensusConfig(
    string ChainId,
    ValidatorSet Validators,
    SigningKey Key,
    ConsensusParameters Parameters,
    ISignatureVerifier SignatureVerifier,
    Hash32 GenesisStateRoot,
    ulong Epoch = 0)
{
    /// <summary>This replica's index in the validator set (from its key).</summary>
    public int Self
    {
        get
        {
            int index = Validators.IndexOf(Key.PublicKey);
            return index >= 0 ? index : throw new InvalidOperationException($"key {Key.PublicKey.ToShortHex()} is not a validator");
        }
    }
}
