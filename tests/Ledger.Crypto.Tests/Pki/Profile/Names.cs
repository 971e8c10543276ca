using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X500;
using Org.BouncyCastle.Asn1.X509;

namespace Ledger.Crypto.Tests.Pki.Profile;

/// <summary>Distinguished names built RDN by RDN, for shapes <see cref="X509Name"/>'s constructors will not write.</summary>
internal static class Names
{
    public static X509Name Of(params (DerObjectIdentifier Type, Asn1Encodable Value)[][] rdns) =>
        X509Name.GetInstance(new DerSequence(rdns.Select(rdn => (Asn1Encodable)new DerSet(rdn.Select(a => (Asn1Encodable)new AttributeTypeAndValue(a.Type, a.Value)).ToArray())).ToArray()));

    public static (DerObjectIdentifier, Asn1Encodable)[] Rdn(DerObjectIdentifier type, string value) => [(type, new DerUtf8String(value))];
}
