using NSec.Cryptography;

namespace Ledger.Crypto;

/// <summary>
/// An Ed25519 private key held by NSec. The raw seed never leaves this type except through
/// <see cref="ExportSeed"/>, which key files (PKCS#8) use.
/// </summary>
public sealed class SigningKey : IDisposable
{
    private readonly Key _key;

    private SigningKey(Key key)
    {
        _key = key;
        PublicKey = new PublicKey(key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    public PublicKey PublicKey { get; }

    public static SigningKey Generate() =>
        new(Key.Create(Ed25519.Algorithm, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }));

    /// <summary>Deterministic key from a 32-byte seed (RFC 8032 "secret key").</summary>
    public static SigningKey FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != 32)
        {
            throw new ArgumentException($"an Ed25519 seed is 32 bytes, got {seed.Length}", nameof(seed));
        }

        return new SigningKey(Key.Import(Ed25519.Algorithm, seed, KeyBlobFormat.RawPrivateKey,
            new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }));
    }

    public byte[] ExportSeed() => _key.Export(KeyBlobFormat.RawPrivateKey);

    public Signature Sign(ReadOnlySpan<byte> message) => new(Ed25519.Algorithm.Sign(_key, message));

    public void Dispose() => _key.Dispose();
}
