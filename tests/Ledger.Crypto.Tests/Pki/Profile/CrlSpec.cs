using System.Collections.Immutable;
using Ledger.Crypto.Pki;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Operators;

namespace Ledger.Crypto.Tests.Pki.Profile;

/// <summary>Everything a CRL is made of, each part replaceable, signed by a real key (see <see cref="CertificateSpec"/>).</summary>
public sealed record CrlSpec
{
    public int Version { get; init; } = 2;

    public required X509Name Issuer { get; init; }

    public required Time ThisUpdate { get; init; }

    public Time? NextUpdate { get; init; }

    public ImmutableList<CrlEntrySpec> Entries { get; init; } = [];

    public ImmutableList<ExtensionSpec> Extensions { get; init; } = [];

    public required AsymmetricKeyParameter SignerKey { get; init; }

    public string SignatureAlgorithm { get; init; } = "SHA256WITHECDSA";

    public AlgorithmIdentifier? InnerAlgorithm { get; init; }

    public CrlSpec With(DerObjectIdentifier oid, bool critical, Asn1Encodable value) => With(ExtensionSpec.Of(oid, critical, value));

    public CrlSpec With(ExtensionSpec extension)
    {
        int at = Extensions.FindIndex(e => e.Oid.Equals(extension.Oid));
        return this with { Extensions = at < 0 ? Extensions.Add(extension) : Extensions.SetItem(at, extension) };
    }

    public CrlSpec Without(DerObjectIdentifier oid) => this with { Extensions = Extensions.RemoveAll(e => e.Oid.Equals(oid)) };

    public byte[] Der()
    {
        var factory = new Asn1SignatureFactory(SignatureAlgorithm, SignerKey);
        var own = (AlgorithmIdentifier)factory.AlgorithmDetails;
        var tbs = new Asn1EncodableVector();
        if (Version != 1)
        {
            tbs.Add(DerInteger.ValueOf(Version - 1));
        }

        tbs.Add(InnerAlgorithm ?? own, Issuer, ThisUpdate);
        tbs.AddOptional(NextUpdate);
        if (!Entries.IsEmpty)
        {
            tbs.Add(new DerSequence(Entries.Select(e => e.ToAsn1()).ToArray()));
        }

        if (!Extensions.IsEmpty)
        {
            tbs.Add(new DerTaggedObject(true, 0, new DerSequence(Extensions.Select(e => e.ToAsn1()).ToArray())));
        }

        var tbsSequence = new DerSequence(tbs);
        IStreamCalculator<IBlockResult> calculator = factory.CreateCalculator();
        using (Stream stream = calculator.Stream)
        {
            tbsSequence.EncodeTo(stream, Asn1Encodable.Der);
        }

        return new DerSequence(tbsSequence, own, new DerBitString(calculator.GetResult().Collect())).GetEncoded(Asn1Encodable.Der);
    }

    public OrganisationCrl Sign() => OrganisationCrl.ParseDer(Der());
}
