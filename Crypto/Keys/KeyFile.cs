using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.EdEC;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;

namespace Ledger.Crypto.Keys;

/// <summary>
/// Private keys as PKCS#8 PEM ("PRIVATE KEY"), or encrypted PKCS#8 ("ENCRYPTED PRIVATE KEY",
/// PBES2: PBKDF2-HMAC-SHA256 and AES-256-CBC) when a passphrase is given. Ed25519 keys follow
/// RFC 8410; ECDSA keys are on the named curve P-256. OpenSSL and .NET read both forms.
/// </summary>
public static class KeyFile
{
    public const string PrivateKeyLabel = "PRIVATE KEY";
    public const string EncryptedPrivateKeyLabel = "ENCRYPTED PRIVATE KEY";

    /// <summary>PBKDF2 rounds for new encrypted files; reading honours whatever the file says.</summary>
    public const int DefaultIterations = 100_000;

    public static string ExportSigningKey(SigningKey key, string? passphrase = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        byte[] seed = key.ExportSeed();
        try
        {
            return Export(new Ed25519PrivateKeyParameters(seed), passphrase);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    public static SigningKey ImportSigningKey(string pem, string? passphrase = null)
    {
        AsymmetricKeyParameter key = Import(pem, passphrase);
        if (key is not Ed25519PrivateKeyParameters ed25519)
        {
            throw new KeyFileException(KeyFileError.WrongAlgorithm, $"expected an Ed25519 private key, found {Describe(key)}");
        }

        byte[] seed = ed25519.GetEncoded();
        try
        {
            return SigningKey.FromSeed(seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    public static string ExportEcdsaKey(ECPrivateKeyParameters key, string? passphrase = null) => Export(key, passphrase);

    public static ECPrivateKeyParameters ImportEcdsaKey(string pem, string? passphrase = null)
    {
        AsymmetricKeyParameter key = Import(pem, passphrase);
        if (key is not ECPrivateKeyParameters ec)
        {
            throw new KeyFileException(KeyFileError.WrongAlgorithm, $"expected an ECDSA P-256 private key, found {Describe(key)}");
        }

        if (!EcdsaKeys.IsP256(EcdsaKeys.PublicKeyOf(ec)))
        {
            throw new KeyFileException(KeyFileError.WrongAlgorithm, "expected an ECDSA key on P-256, found another curve");
        }

        return ec;
    }

    public static bool IsEncrypted(string pem) =>
        PemEncoding.TryFind(pem, out PemFields fields) && pem.AsSpan()[fields.Label].SequenceEqual(EncryptedPrivateKeyLabel);

    /// <summary>
    /// Writes a key file that only the owner can read (on Unix), refusing to replace an existing
    /// file so a second run can never destroy a key.
    /// </summary>
    public static void WriteNew(string path, string pem)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(pem);
    }

    private static string Export(AsymmetricKeyParameter key, string? passphrase)
    {
        PrivateKeyInfo plain = ToPrivateKeyInfo(key);
        if (passphrase is null)
        {
            byte[] der = plain.GetEncoded(Asn1Encodable.Der);
            return PemEncoding.WriteString(PrivateKeyLabel, der) + "\n";
        }

        if (passphrase.Length == 0)
        {
            throw new ArgumentException("an empty passphrase protects nothing; pass null for an unencrypted key", nameof(passphrase));
        }

        var random = new SecureRandom();
        byte[] salt = new byte[16];
        random.NextBytes(salt);
        EncryptedPrivateKeyInfo info = EncryptedPrivateKeyInfoFactory.CreateEncryptedPrivateKeyInfo(
            NistObjectIdentifiers.IdAes256Cbc, PkcsObjectIdentifiers.IdHmacWithSha256, passphrase.ToCharArray(), salt,
            DefaultIterations, random, plain);
        return PemEncoding.WriteString(EncryptedPrivateKeyLabel, info.GetEncoded(Asn1Encodable.Der)) + "\n";
    }

    /// <summary>
    /// Ed25519 keys are written as version-1 PKCS#8 (seed only, no public key), the form NSec,
    /// OpenSSL and .NET all read; BouncyCastle's default adds the public key as version 2.
    /// </summary>
    private static PrivateKeyInfo ToPrivateKeyInfo(AsymmetricKeyParameter key) => key is Ed25519PrivateKeyParameters ed25519
        ? new PrivateKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519), new DerOctetString(ed25519.GetEncoded()))
        : PrivateKeyInfoFactory.CreatePrivateKeyInfo(key);

    private static AsymmetricKeyParameter Import(string pem, string? passphrase)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (!PemEncoding.TryFind(pem, out PemFields fields))
        {
            throw new KeyFileException(KeyFileError.Malformed, "no PEM block found in the key file");
        }

        string label = pem[fields.Label];
        byte[] der;
        try
        {
            der = Convert.FromBase64String(pem[fields.Base64Data]);
        }
        catch (FormatException e)
        {
            throw new KeyFileException(KeyFileError.Malformed, "the key file's base64 is corrupt", e);
        }

        PrivateKeyInfo info = label switch
        {
            PrivateKeyLabel => ParsePlain(der),
            EncryptedPrivateKeyLabel => Decrypt(der, passphrase),
            _ => throw new KeyFileException(KeyFileError.Malformed, $"expected a PKCS#8 '{PrivateKeyLabel}' or '{EncryptedPrivateKeyLabel}' PEM block, found '{label}'"),
        };

        try
        {
            return PrivateKeyFactory.CreateKey(info);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new KeyFileException(KeyFileError.Malformed, $"unsupported or corrupt private key: {e.Message}", e);
        }
    }

    private static PrivateKeyInfo ParsePlain(byte[] der)
    {
        try
        {
            return PrivateKeyInfo.GetInstance(Asn1Object.FromByteArray(der));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new KeyFileException(KeyFileError.Malformed, $"the key file is not PKCS#8: {e.Message}", e);
        }
    }

    private static PrivateKeyInfo Decrypt(byte[] der, string? passphrase)
    {
        if (string.IsNullOrEmpty(passphrase))
        {
            throw new KeyFileException(KeyFileError.PassphraseRequired, "the key file is encrypted; a passphrase is required");
        }

        EncryptedPrivateKeyInfo encrypted;
        try
        {
            encrypted = EncryptedPrivateKeyInfo.GetInstance(Asn1Object.FromByteArray(der));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new KeyFileException(KeyFileError.Malformed, $"the encrypted key file is not PKCS#8: {e.Message}", e);
        }

        try
        {
            // A wrong passphrase shows up as bad CBC padding or, rarely, as padding that happens to
            // look valid around garbage that then fails to parse; both mean the same to the user.
            PrivateKeyInfo info = PrivateKeyInfoFactory.CreatePrivateKeyInfo(passphrase.ToCharArray(), encrypted);
            _ = info.PrivateKeyAlgorithm.Algorithm;
            return info;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new KeyFileException(KeyFileError.WrongPassphrase, "wrong passphrase: the key file could not be decrypted", e);
        }
    }

    private static string Describe(AsymmetricKeyParameter key) => key switch
    {
        Ed25519PrivateKeyParameters => "an Ed25519 key",
        ECPrivateKeyParameters => "an ECDSA key",
        RsaKeyParameters => "an RSA key",
        _ => key.GetType().Name,
    };
}
