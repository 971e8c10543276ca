using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.EdEC;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;

namespace Ledger.Crypto.Pki.Profile;

/// <summary>
/// Which keys may appear where, and which signature algorithm goes with an issuer's key. Keys are
/// judged from the certificate's SubjectPublicKeyInfo, so the curve must be named by its OID
/// (RFC 5480: explicit curve parameters are refused even when they describe an allowed curve).
/// </summary>
internal static class KeyProfile
{
    /// <summary>
    /// An organisation CA's key: ECDSA on P-256 or P-384 (the CA/Browser Forum's ECDSA curves).
    /// RSA, although the Forum allows 2048 bits and more, is not accepted: one algorithm family to
    /// review, the one every TLS certificate of the network already uses.
    /// </summary>
    public static string? CaKeyProblem(SubjectPublicKeyInfo key) =>
        NamedCurve(key) is { } curve && (curve.Equals(SecObjectIdentifiers.SecP256r1) || curve.Equals(SecObjectIdentifiers.SecP384r1))
            ? null
            : $"the key is {Describe(key)}; an organisation CA's key must be ECDSA on the named curve P-256 or P-384";

    /// <summary>A signing certificate's key: Ed25519, without parameters (RFC 8410).</summary>
    public static string? SigningKeyProblem(SubjectPublicKeyInfo key) =>
        key.Algorithm.Algorithm.Equals(EdECObjectIdentifiers.id_Ed25519) && key.Algorithm.Parameters is null
            ? null
            : $"the key is {Describe(key)}; a signing certificate must bind an Ed25519 key";

    /// <summary>A TLS certificate's key: ECDSA on the named curve P-256, what every node's TLS stack loads.</summary>
    public static string? TlsKeyProblem(SubjectPublicKeyInfo key) =>
        NamedCurve(key) is { } curve && curve.Equals(SecObjectIdentifiers.SecP256r1)
            ? null
            : $"the key is {Describe(key)}; a TLS certificate must hold an ECDSA key on the named curve P-256";

    /// <summary>
    /// The signature algorithm an allowed CA key signs with: ECDSA with SHA-256 for P-256, with
    /// SHA-384 for P-384 (the CA/Browser Forum pairs them so). Null for any other key.
    /// </summary>
    public static DerObjectIdentifier? SignatureAlgorithmOf(SubjectPublicKeyInfo issuerKey)
    {
        DerObjectIdentifier? curve = NamedCurve(issuerKey);
        if (curve is null)
        {
            return null;
        }

        if (curve.Equals(SecObjectIdentifiers.SecP256r1))
        {
            return X9ObjectIdentifiers.ECDsaWithSha256;
        }

        return curve.Equals(SecObjectIdentifiers.SecP384r1) ? X9ObjectIdentifiers.ECDsaWithSha384 : null;
    }

    /// <summary>
    /// Null when <paramref name="outer"/> (beside the signature) and <paramref name="inner"/>
    /// (inside the signed part) are both exactly <paramref name="expected"/> without parameters
    /// (RFC 5280 4.1.1.2 wants them identical; RFC 5758 3.2 wants ECDSA parameters absent).
    /// </summary>
    public static string? SignatureAlgorithmProblem(AlgorithmIdentifier outer, AlgorithmIdentifier inner, DerObjectIdentifier expected)
    {
        if (!outer.Equals(inner))
        {
            return $"the signed part names {inner.Algorithm.Id} but the signature {outer.Algorithm.Id}";
        }

        if (!outer.Algorithm.Equals(expected))
        {
            return $"signed with {outer.Algorithm.Id}; the issuer's key signs with {expected.Id} only";
        }

        return outer.Parameters is null ? null : $"the {outer.Algorithm.Id} algorithm identifier carries parameters";
    }

    /// <summary>The curve's OID when the key is ECDSA on a named curve (X962Parameters' namedCurve choice), else null.</summary>
    private static DerObjectIdentifier? NamedCurve(SubjectPublicKeyInfo key)
    {
        if (!key.Algorithm.Algorithm.Equals(X9ObjectIdentifiers.IdECPublicKey) || key.Algorithm.Parameters is null)
        {
            return null;
        }

        X962Parameters parameters = X962Parameters.GetInstance(key.Algorithm.Parameters);
        return parameters.IsNamedCurve ? DerObjectIdentifier.GetInstance(parameters.Parameters) : null;
    }

    private static string Describe(SubjectPublicKeyInfo key)
    {
        DerObjectIdentifier algorithm = key.Algorithm.Algorithm;
        try
        {
            if (algorithm.Equals(X9ObjectIdentifiers.IdECPublicKey))
            {
                return NamedCurve(key) is { } curve
                    ? $"ECDSA on {ECNamedCurveTable.GetName(curve) ?? curve.Id}"
                    : "ECDSA with explicit or implicit curve parameters";
            }

            if (algorithm.Equals(PkcsObjectIdentifiers.RsaEncryption))
            {
                return $"RSA-{RsaPublicKeyStructure.GetInstance(key.ParsePublicKey()).Modulus.BitLength}";
            }

            if (algorithm.Equals(X9ObjectIdentifiers.IdDsa))
            {
                return "DSA";
            }

            if (algorithm.Equals(EdECObjectIdentifiers.id_Ed25519))
            {
                return key.Algorithm.Parameters is null ? "Ed25519" : "Ed25519 with parameters";
            }
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidOperationException)
        {
            return $"an unreadable {algorithm.Id} key";
        }

        return $"of algorithm {algorithm.Id}";
    }
}
