using Org.BouncyCastle.Asn1;

namespace Ledger.Crypto.Tests.Pki.Profile;

/// <summary>One extension as it will be written: its value bytes are taken as given, so a test can write BER or garbage there.</summary>
public sealed record ExtensionSpec(DerObjectIdentifier Oid, bool Critical, byte[] Value)
{
    public static ExtensionSpec Of(DerObjectIdentifier oid, bool critical, Asn1Encodable value) =>
        new(oid, critical, value.GetEncoded(Asn1Encodable.Der));

    public Asn1Encodable ToAsn1()
    {
        var vector = new Asn1EncodableVector { Oid };
        if (Critical)
        {
            vector.Add(DerBoolean.True); // DER leaves FALSE, the default, out
        }

        vector.Add(new DerOctetString(Value));
        return new DerSequence(vector);
    }
}
