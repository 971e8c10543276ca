using System.Collections.Immutable;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.X509;

namespace Ledger.Crypto.Tests.Pki.Profile;

/// <summary>
/// Everything a certificate is made of, each part replaceable, signed with BouncyCastle's
/// signature factory by a real key: the way to make a certificate that breaks exactly one rule.
/// The signed part is assembled from BouncyCastle's ASN.1 types (not its certificate generator,
/// which refuses to write most of what the tests need: version 1 with a serial of zero, repeated
/// extensions, raw extension values, unique identifiers, a mismatched inner algorithm).
/// </summary>
public sealed record CertificateSpec
{
    public int Version { get; init; } = 3;

    public required BigInteger Serial { get; init; }

    public required X509Name Issuer { get; init; }

    public required X509Name Subject { get; init; }

    public required Time NotBefore { get; init; }

    public required Time NotAfter { get; init; }

    public required SubjectPublicKeyInfo PublicKey { get; init; }

    public ImmutableList<ExtensionSpec> Extensions { get; init; } = [];

    public DerBitString? IssuerUniqueId { get; init; }

    public DerBitString? SubjectUniqueId { get; init; }

    public required AsymmetricKeyParameter SignerKey { get; init; }

    public string SignatureAlgorithm { get; init; } = "SHA256WITHECDSA";

    /// <summary>The algorithm written inside the signed part; null for the signer's own.</summary>
    public AlgorithmIdentifier? InnerAlgorithm { get; init; }

    /// <summary>The algorithm written beside the signature; null for the signer's own.</summary>
    public AlgorithmIdentifier? OuterAlgorithm { get; init; }

    /// <summary>Replaces the extension of that OID (or adds it, last).</summary>
    public CertificateSpec With(DerObjectIdentifier oid, bool critical, Asn1Encodable value) => With(ExtensionSpec.Of(oid, critical, value));

    public CertificateSpec With(ExtensionSpec extension)
    {
        int at = Extensions.FindIndex(e => e.Oid.Equals(extension.Oid));
        return this with { Extensions = at < 0 ? Extensions.Add(extension) : Extensions.SetItem(at, extension) };
    }

    /// <summary>Adds the extension even if one of that OID is there already.</summary>
    public CertificateSpec WithAnother(ExtensionSpec extension) => this with { Extensions = Extensions.Add(extension) };

    public CertificateSpec Without(DerObjectIdentifier oid) => this with { Extensions = Extensions.RemoveAll(e => e.Oid.Equals(oid)) };

    public CertificateSpec Critical(DerObjectIdentifier oid, bool critical) =>
        this with { Extensions = Extensions.Select(e => e.Oid.Equals(oid) ? e with { Critical = critical } : e).ToImmutableList() };

    public byte[] Der()
    {
        var factory = new Asn1SignatureFactory(SignatureAlgorithm, SignerKey);
        var own = (AlgorithmIdentifier)factory.AlgorithmDetails;
        var tbs = new Asn1EncodableVector();
        if (Version != 1)
        {
            tbs.Add(new DerTaggedObject(true, 0, DerInteger.ValueOf(Version - 1)));
        }

        tbs.Add(new DerInteger(Serial), InnerAlgorithm ?? own, Issuer, new DerSequence(NotBefore, NotAfter), Subject, PublicKey);
        if (IssuerUniqueId is not null)
        {
            tbs.Add(new DerTaggedObject(false, 1, IssuerUniqueId));
        }

        if (SubjectUniqueId is not null)
        {
            tbs.Add(new DerTaggedObject(false, 2, SubjectUniqueId));
        }

        if (!Extensions.IsEmpty)
        {
            tbs.Add(new DerTaggedObject(true, 3, new DerSequence(Extensions.Select(e => e.ToAsn1()).ToArray())));
        }

        var tbsSequence = new DerSequence(tbs);
        IStreamCalculator<IBlockResult> calculator = factory.CreateCalculator();
        using (Stream stream = calculator.Stream)
        {
            tbsSequence.EncodeTo(stream, Asn1Encodable.Der);
        }

        byte[] signature = calculator.GetResult().Collect();
        return new DerSequence(tbsSequence, OuterAlgorithm ?? own, new DerBitString(signature)).GetEncoded(Asn1Encodable.Der);
    }

    public X509Certificate Sign() => new(Der());
}
