using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Math.EC.Multiplier;
using Org.BouncyCastle.Security;

namespace Ledger.Crypto.Keys;

/// <summary>
/// ECDSA P-256 keys for organisation CAs and TLS. Generated on the named curve (secp256r1) so
/// PKCS#8 and certificates carry the curve's OID, which every TLS stack and .NET can load.
/// </summary>
public static class EcdsaKeys
{
    public static AsymmetricCipherKeyPair GenerateP256(SecureRandom? random = null)
    {
        var generator = new ECKeyPairGenerator("ECDSA");
        generator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random ?? new SecureRandom()));
        return generator.GenerateKeyPair();
    }

    /// <summary>The public key Q = d * G belonging to <paramref name="privateKey"/>.</summary>
    public static ECPublicKeyParameters PublicKeyOf(ECPrivateKeyParameters privateKey)
    {
        ECPoint q = new FixedPointCombMultiplier().Multiply(privateKey.Parameters.G, privateKey.D).Normalize();
        return privateKey.PublicKeyParamSet is null
            ? new ECPublicKeyParameters("ECDSA", q, privateKey.Parameters)
            : new ECPublicKeyParameters("ECDSA", q, privateKey.PublicKeyParamSet);
    }

    /// <summary>True when <paramref name="key"/> lies on P-256 (secp256r1 / prime256v1).</summary>
    public static bool IsP256(ECPublicKeyParameters key)
    {
        var p256 = SecNamedCurves.GetByOid(SecObjectIdentifiers.SecP256r1);
        return key.Parameters.Curve.Equals(p256.Curve) && key.Parameters.G.Equals(p256.G);
    }
}
