using System.Collections.Concurrent;
using NSec.Cryptography;

namespace Ledger.Crypto;

/// <summary>Ed25519 verification through NSec (libsodium). Thread-safe.</summary>
public static class Ed25519
{
    internal static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;

    /// <summary>
    /// Importing a key costs NSec a point decoding, about half a verification again; a network
    /// has few distinct signers, so imported keys are kept. The bound keeps a flood of random
    /// keys from growing memory: past it the cache starts over. Only keys that imported are
    /// cached, so the cache never changes a verdict.
    /// </summary>
    private const int KeyCacheCapacity = 65_536;

    private static readonly ConcurrentDictionary<PublicKey, NSec.Cryptography.PublicKey> KeyCache = new();

    /// <summary>
    /// True only when <paramref name="signature"/> is a valid signature of <paramref name="message"/>
    /// under <paramref name="key"/>. Malformed keys or signatures are a false, never an exception.
    /// </summary>
    public static bool Verify(PublicKey key, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != Signature.Size)
        {
            return false;
        }

        if (!KeyCache.TryGetValue(key, out NSec.Cryptography.PublicKey? nsecKey))
        {
            Span<byte> raw = stackalloc byte[PublicKey.Size];
            key.CopyTo(raw);
            if (!NSec.Cryptography.PublicKey.TryImport(Algorithm, raw, KeyBlobFormat.RawPublicKey, out nsecKey) || nsecKey is null)
            {
                return false;
            }

            if (KeyCache.Count >= KeyCacheCapacity)
            {
                KeyCache.Clear();
            }

            KeyCache.TryAdd(key, nsecKey);
        }

        return Algorithm.Verify(nsecKey, message, signature);
    }

    public static bool Verify(PublicKey key, ReadOnlySpan<byte> message, Signature signature) =>
        Verify(key, message, signature.Span);
}
