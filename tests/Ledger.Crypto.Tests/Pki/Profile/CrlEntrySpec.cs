using System.Collections.Immutable;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Math;

namespace Ledger.Crypto.Tests.Pki.Profile;

/// <summary>One revoked certificate of a <see cref="CrlSpec"/>.</summary>
public sealed record CrlEntrySpec(BigInteger Serial, Time RevocationDate)
{
    public ImmutableList<ExtensionSpec> Extensions { get; init; } = [];

    public Asn1Encodable ToAsn1()
    {
        var vector = new Asn1EncodableVector { new DerInteger(Serial), RevocationDate };
        if (!Extensions.IsEmpty)
        {
            vector.Add(new DerSequence(Extensions.Select(e => e.ToAsn1()).ToArray()));
        }

        return new DerSequence(vector);
    }
}
