using System.Security.Cryptography;
using Ledger.Crypto.Keys;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Utilities;

namespace Ledger.Crypto.Tests.Keys;

public sealed class KeyFileTests
{
    private static readonly byte[] Seed = Enumerable.Range(7, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void SigningKey_PlainRoundTrip_SameKey()
    {
        using var key = SigningKey.FromSeed(Seed);

        string pem = KeyFile.ExportSigningKey(key);
        using SigningKey back = KeyFile.ImportSigningKey(pem);

        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", pem, StringComparison.Ordinal);
        Assert.False(KeyFile.IsEncrypted(pem));
        Assert.Equal(key.PublicKey, back.PublicKey);
        Assert.Equal(Seed, back.ExportSeed());
    }

    [Fact]
    public void SigningKey_PlainPem_ImportsIntoNSec()
    {
        using var key = SigningKey.FromSeed(Seed);
        string pem = KeyFile.ExportSigningKey(key);

        using var nsec = NSec.Cryptography.Key.Import(
            NSec.Cryptography.SignatureAlgorithm.Ed25519, System.Text.Encoding.ASCII.GetBytes(pem), NSec.Cryptography.KeyBlobFormat.PkixPrivateKeyText);

        Assert.Equal(key.PublicKey.ToArray(), nsec.PublicKey.Export(NSec.Cryptography.KeyBlobFormat.RawPublicKey));
    }

    [Fact]
    public void SigningKey_EncryptedRoundTrip_NeedsPassphrase()
    {
        using var key = SigningKey.FromSeed(Seed);

        string pem = KeyFile.ExportSigningKey(key, "correct horse");
        using SigningKey back = KeyFile.ImportSigningKey(pem, "correct horse");

        Assert.StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----", pem, StringComparison.Ordinal);
        Assert.True(KeyFile.IsEncrypted(pem));
        Assert.Equal(key.PublicKey, back.PublicKey);
        Assert.Equal(KeyFileError.PassphraseRequired, Assert.Throws<KeyFileException>(() => KeyFile.ImportSigningKey(pem)).Error);
        KeyFileException wrong = Assert.Throws<KeyFileException>(() => KeyFile.ImportSigningKey(pem, "battery staple"));
        Assert.Equal(KeyFileError.WrongPassphrase, wrong.Error);
        Assert.Contains("wrong passphrase", wrong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EcdsaKey_EncryptedPem_ReadableByDotNet()
    {
        var key = (ECPrivateKeyParameters)EcdsaKeys.GenerateP256().Private;

        string pem = KeyFile.ExportEcdsaKey(key, "pw");
        using var dotnet = ECDsa.Create();
        dotnet.ImportFromEncryptedPem(pem, "pw");

        // .NET exports D at the curve's full 32 bytes; BouncyCastle's minimal form drops a leading zero byte
        // (one key in 256), so compare at the fixed width.
        Assert.Equal(BigIntegers.AsUnsignedByteArray(32, key.D), dotnet.ExportParameters(true).D);
        Assert.Equal(key.D, KeyFile.ImportEcdsaKey(pem, "pw").D);
    }

    [Fact]
    public void EcdsaKey_ShortPrivateScalar_RoundTripsAtFullWidth()
    {
        // One P-256 key in 256 has a private scalar whose top byte is zero; draw until one appears.
        ECPrivateKeyParameters key;
        do
        {
            key = (ECPrivateKeyParameters)EcdsaKeys.GenerateP256().Private;
        }
        while (key.D.BitLength > 248);

        string pem = KeyFile.ExportEcdsaKey(key, "pw");
        using var dotnet = ECDsa.Create();
        dotnet.ImportFromEncryptedPem(pem, "pw");

        Assert.Equal(BigIntegers.AsUnsignedByteArray(32, key.D), dotnet.ExportParameters(true).D);
        Assert.Equal(key.D, KeyFile.ImportEcdsaKey(pem, "pw").D);
    }

    [Fact]
    public void Import_WrongAlgorithm_IsReported()
    {
        using var ed = SigningKey.FromSeed(Seed);
        string edPem = KeyFile.ExportSigningKey(ed);
        string ecPem = KeyFile.ExportEcdsaKey((ECPrivateKeyParameters)EcdsaKeys.GenerateP256().Private);

        Assert.Equal(KeyFileError.WrongAlgorithm, Assert.Throws<KeyFileException>(() => KeyFile.ImportEcdsaKey(edPem)).Error);
        Assert.Equal(KeyFileError.WrongAlgorithm, Assert.Throws<KeyFileException>(() => KeyFile.ImportSigningKey(ecPem)).Error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a pem at all")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")]
    public void Import_Garbage_IsMalformed(string pem)
    {
        Assert.Equal(KeyFileError.Malformed, Assert.Throws<KeyFileException>(() => KeyFile.ImportSigningKey(pem)).Error);
    }

    [Fact]
    public void WriteNew_ExistingFile_RefusesToOverwrite()
    {
        string path = Path.Combine(Path.GetTempPath(), $"keyfile-{Guid.NewGuid():N}.pem");
        try
        {
            KeyFile.WriteNew(path, "first");

            Assert.Throws<IOException>(() => KeyFile.WriteNew(path, "second"));
            Assert.Equal("first", File.ReadAllText(path));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
