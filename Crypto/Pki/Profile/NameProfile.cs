using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X500;
using Org.BouncyCastle.Asn1.X509;

namespace Ledger.Crypto.Pki.Profile;

/// <summary>
/// Subject names. An identity's subject is exactly O (its organisation), OU (its role) and CN
/// (its name), each once, each in its own single-valued RDN, each a UTF8String or PrintableString
/// (the CA/Browser Forum's choices), O and CN from the safe alphabet of
/// <see cref="CertificateNames.IsValidName"/>: nothing else, so two subjects that read alike are
/// alike. A CA's subject needs one O that is such a name; its other attributes are the CA's own.
/// </summary>
internal static class NameProfile
{
    public static string? IdentityProblem(X509Name subject)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Asn1Encodable element in Asn1Sequence.GetInstance(subject.ToAsn1Object()))
        {
            Asn1Set rdn = Asn1Set.GetInstance(element);
            if (rdn.Count != 1)
            {
                return $"subject '{subject}' has a multi-valued RDN";
            }

            AttributeTypeAndValue attribute = AttributeTypeAndValue.GetInstance(rdn[0]);
            string type = attribute.Type.Id;
            if (type != X509Name.O.Id && type != X509Name.OU.Id && type != X509Name.CN.Id)
            {
                return $"subject '{subject}' has attribute {type}; an identity's subject is exactly O, OU and CN";
            }

            if (StringValue(attribute.Value) is not { } value)
            {
                return $"subject '{subject}' has a value that is neither UTF8String nor PrintableString";
            }

            if (!seen.TryAdd(type, value))
            {
                return $"subject '{subject}' has attribute {type} more than once";
            }
        }

        if (!seen.TryGetValue(X509Name.O.Id, out string? organisation) || !seen.TryGetValue(X509Name.OU.Id, out string? role)
            || !seen.TryGetValue(X509Name.CN.Id, out string? name))
        {
            return $"subject '{subject}' needs one O, one OU naming a role (validator, member, admin) and one CN";
        }

        if (!CertificateRoles.TryParse(role, out _))
        {
            return $"subject '{subject}' has OU '{role}', not a role (validator, member, admin)";
        }

        return CertificateNames.IsValidName(organisation) && CertificateNames.IsValidName(name)
            ? null
            : $"subject '{subject}': O and CN must be 1-64 letters, digits, '-', '_' or '.', not starting with '.' or '-'";
    }

    public static string? AuthorityProblem(X509Name subject)
    {
        var organisations = new List<Asn1Encodable>();
        foreach (Asn1Encodable element in Asn1Sequence.GetInstance(subject.ToAsn1Object()))
        {
            foreach (Asn1Encodable item in Asn1Set.GetInstance(element))
            {
                AttributeTypeAndValue attribute = AttributeTypeAndValue.GetInstance(item);
                if (attribute.Type.Equals(X509Name.O))
                {
                    organisations.Add(attribute.Value);
                }
            }
        }

        return organisations is [var only] && StringValue(only) is { } organisation && CertificateNames.IsValidName(organisation)
            ? null
            : $"subject '{subject}' needs exactly one O, a UTF8String or PrintableString of 1-64 letters, digits, '-', '_' or '.'";
    }

    private static string? StringValue(Asn1Encodable value) => value switch
    {
        DerUtf8String utf8 => utf8.GetString(),
        DerPrintableString printable => printable.GetString(),
        _ => null,
    };
}
