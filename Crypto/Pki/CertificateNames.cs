using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Math;

namespace Ledger.Crypto.Pki;

/// <summary>
/// Subject names and serial numbers. An identity's subject is O=organisation, OU=role, CN=name;
/// an organisation CA's is O=organisation, CN=organisation + " CA".
/// </summary>
public static class CertificateNames
{
    public static X509Name Identity(string organisation, CertificateRole role, string name)
    {
        CheckName(organisation, nameof(organisation));
        CheckName(name, nameof(name));
        return Build(organisation, role.ToName(), name);
    }

    public static X509Name Ca(string organisation)
    {
        CheckName(organisation, nameof(organisation));
        return Build(organisation, null, organisation + " CA");
    }

    /// <summary>The first value of <paramref name="attribute"/> in <paramref name="name"/>, or null.</summary>
    public static string? Get(X509Name name, DerObjectIdentifier attribute)
    {
        ArgumentNullException.ThrowIfNull(name);
        IList<string> values = name.GetValueList(attribute);
        return values.Count == 1 ? values[0] : null;
    }

    /// <summary>Lower-case hex without leading zeros: the form revocations and the ledger use.</summary>
    public static string SerialHex(BigInteger serial) => serial.ToString(16).ToLowerInvariant();

    public static BigInteger ParseSerialHex(string hex)
    {
        if (string.IsNullOrEmpty(hex) || !hex.All(Uri.IsHexDigit))
        {
            throw new FormatException($"'{hex}' is not a hexadecimal serial number");
        }

        return new BigInteger(hex, 16);
    }

    /// <summary>
    /// Names become part of file paths and subjects; restrict them to a safe, unambiguous alphabet
    /// so "org1" and "org1 " or "../x" can never both exist.
    /// </summary>
    public static bool IsValidName(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= 64
        && value.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.')
        && value[0] != '.' && value[0] != '-';

    private static void CheckName(string value, string parameter)
    {
        if (!IsValidName(value))
        {
            throw new ArgumentException(
                $"'{value}' is not a valid name: use 1-64 letters, digits, '-', '_' or '.', not starting with '.' or '-'", parameter);
        }
    }

    private static X509Name Build(string organisation, string? unit, string commonName)
    {
        var oids = new List<DerObjectIdentifier> { X509Name.O };
        var values = new List<string> { organisation };
        if (unit is not null)
        {
            oids.Add(X509Name.OU);
            values.Add(unit);
        }

        oids.Add(X509Name.CN);
        values.Add(commonName);
        return new X509Name(oids, values);
    }
}
