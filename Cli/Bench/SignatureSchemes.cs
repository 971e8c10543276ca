using System.Security.Cryptography;
using Ledger.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace Ledger.Cli.Bench;

/// <summary>
/// The schemes `ledger bench crypto` compares: Ed25519 as the node uses it (NSec, libsodium),
/// Ed25519 in managed code (BouncyCastle), ECDSA P-256 (.NET, the platform's OpenSSL) and
/// HMAC-SHA-256 as the symmetric baseline (what authenticating a transfer costs without a
/// public-key signature).
/// </summary>
public static class SignatureSchemes
{
    public static readonly IReadOnlyList<string> Names = ["ed25519", "ed25519-bc", "ecdsa-p256", "hmac-sha256"];

    public static SignatureScheme Create(string name) => name switch
    {
        "ed25519" => new NsecEd25519(),
        "ed25519-bc" => new BouncyCastleEd25519(),
        "ecdsa-p256" => new DotNetEcdsaP256(),
        "hmac-sha256" => new HmacSha256(),
        _ => throw new ArgumentException($"unknown scheme '{name}'; known: {string.Join(", ", Names)}"),
    };

    private sealed class NsecEd25519 : SignatureScheme, ISchemeWorker
    {
        private readonly SigningKey _key = SigningKey.Generate();

        public override string Name => "ed25519";

        public override string Description => "Ed25519, NSec (libsodium): the node's own";

        public override ISchemeWorker CreateWorker() => this;

        public byte[] Sign(byte[] message) => _key.Sign(message).ToArray();

        public bool Verify(byte[] message, byte[] signature) => Ed25519.Verify(_key.PublicKey, message, signature);

        protected override void Dispose(bool disposing) => _key.Dispose();
    }

    private sealed class BouncyCastleEd25519 : SignatureScheme
    {
        private readonly Ed25519PrivateKeyParameters _private;
        private readonly Ed25519PublicKeyParameters _public;

        public BouncyCastleEd25519()
        {
            var generator = new Ed25519KeyPairGenerator();
            generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
            var pair = generator.GenerateKeyPair();
            _private = (Ed25519PrivateKeyParameters)pair.Private;
            _public = (Ed25519PublicKeyParameters)pair.Public;
        }

        public override string Name => "ed25519-bc";

        public override string Description => "Ed25519, BouncyCastle (managed)";

        public override ISchemeWorker CreateWorker() => new Worker(_private, _public);

        private sealed class Worker(Ed25519PrivateKeyParameters privateKey, Ed25519PublicKeyParameters publicKey) : ISchemeWorker
        {
            private readonly Ed25519Signer _signer = Init(new Ed25519Signer(), true, privateKey);
            private readonly Ed25519Signer _verifier = Init(new Ed25519Signer(), false, publicKey);

            public byte[] Sign(byte[] message)
            {
                _signer.BlockUpdate(message, 0, message.Length);
                return _signer.GenerateSignature();
            }

            public bool Verify(byte[] message, byte[] signature)
            {
                _verifier.BlockUpdate(message, 0, message.Length);
                return _verifier.VerifySignature(signature);
            }

            private static Ed25519Signer Init(Ed25519Signer signer, bool forSigning, Org.BouncyCastle.Crypto.ICipherParameters key)
            {
                signer.Init(forSigning, key);
                return signer;
            }
        }
    }

    private sealed class DotNetEcdsaP256 : SignatureScheme
    {
        private readonly ECParameters _key;

        public DotNetEcdsaP256()
        {
            using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            _key = ecdsa.ExportParameters(includePrivateParameters: true);
        }

        public override string Name => "ecdsa-p256";

        public override string Description => "ECDSA P-256 with SHA-256, .NET (OpenSSL)";

        public override ISchemeWorker CreateWorker() => new Worker(ECDsa.Create(_key));

        private sealed class Worker(ECDsa ecdsa) : ISchemeWorker
        {
            public byte[] Sign(byte[] message) => ecdsa.SignData(message, HashAlgorithmName.SHA256);

            public bool Verify(byte[] message, byte[] signature) => ecdsa.VerifyData(message, signature, HashAlgorithmName.SHA256);
        }
    }

    private sealed class HmacSha256 : SignatureScheme, ISchemeWorker
    {
        private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

        public override string Name => "hmac-sha256";

        public override string Description => "HMAC-SHA-256, .NET: the symmetric baseline";

        public override ISchemeWorker CreateWorker() => this;

        public byte[] Sign(byte[] message) => HMACSHA256.HashData(_key, message);

        public bool Verify(byte[] message, byte[] signature) =>
            CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_key, message), signature);
    }
}
