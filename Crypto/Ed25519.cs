using NSec.Cryptography;

namespace Ledger.Crypto;

/// <summary>Ed25519 verification through NSec (libsodium). Stateless and thread-safe.</summary>
public static class Ed25519
{
    internal static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;

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

        Span<byte> raw = stackalloc byte[PublicKey.Size];
        key.CopyTo(raw);
        if (!NSec.Cryptography.PublicKey.TryImport(Algorithm, raw, KeyBlobFormat.RawPublicKey, out NSec.Cryptography.PublicKey? nsecKey) || nsecKey is null)
        {
            return false;
        }

        return Algorithm.Verify(nsecKey, message, signature);
    }

    public static bool Verify(PublicKey key, ReadOnlySpan<byte> message, Signature signature) =>
        Verify(key, message, signature.Span);
}
