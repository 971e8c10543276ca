using Ledger.Crypto;
using Ledger.Simulator;

namespace Ledger.TestKit;

/// <summary>
/// Fixed Ed25519 validator keys for tests: the simulator's <see cref="SimKeys"/>, so builders and
/// simulated runs sign with the same committee. Real keys, real signatures.
/// </summary>
public static class TestKeys
{
    public const int Count = SimKeys.Count;

    /// <summary>Validator key <paramref name="index"/> (0-based).</summary>
    public static SigningKey Validator(int index) => SimKeys.Validator(index);

    /// <summary>The first <paramref name="count"/> validator public keys, in genesis order.</summary>
    public static IReadOnlyList<PublicKey> ValidatorPublicKeys(int count) => SimKeys.ValidatorPublicKeys(count);
}
