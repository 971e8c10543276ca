using System.Text;
using Ledger.Crypto;

namespace Ledger.Simulator;

/// <summary>
/// Fixed Ed25519 validator keys derived from a public seed string, so simulated runs are
/// reproducible (the tests' TestKeys are these). Real keys, real signatures; no node loads them.
/// </summary>
public static class SimKeys
{
    public const int Count = 16;

    private static readonly Lazy<SigningKey[]> Keys = new(() =>
        [.. Enumerable.Range(0, Count).Select(i => SigningKey.FromSeed(Hash32.Sha256(Encoding.UTF8.GetBytes($"ledger-test-validator-{i}")).ToArray()))]);

    /// <summary>Validator key <paramref name="index"/> (0-based).</summary>
    public static SigningKey Validator(int index) => Keys.Value[index];

    /// <summary>The first <paramref name="count"/> validator public keys, in genesis order.</summary>
    public static IReadOnlyList<PublicKey> ValidatorPublicKeys(int count) =>
        [.. Enumerable.Range(0, count).Select(i => Keys.Value[i].PublicKey)];
}
