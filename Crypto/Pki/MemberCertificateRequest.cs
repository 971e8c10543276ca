using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;

namespace Ledger.Crypto.Pki;

/// <summary>
/// A member's PKCS#10 certificate request (RFC 2986): subject O=organisation, OU=member,
/// CN=name, the member's Ed25519 public key, self-signed with that key (RFC 8410). The member
/// makes it with its own key, so the private key never leaves the member; the CA learns only the
/// public key and, from the self-signature, that the requester holds its private key.
/// </summary>
public sealed class MemberCertificateRequest
{
    public const string PemLabel = "CERTIFICATE REQUEST";

    private MemberCertificateRequest(Pkcs10CertificationRequest request, string organisation, string name, PublicKey key)
    {
        Request = request;
        Organisation = organisation;
        Name = name;
        Key = key;
    }

    public string Organisation { get; }

    public string Name { get; }

    public PublicKey Key { get; }

    public Pkcs10CertificationRequest Request { get; }

    public string ToPem() => PemEncoding.WriteString(PemLabel, Request.GetEncoded()) + "\n";

    /// <summary>A request for <paramref name="key"/>, signed by it.</summary>
    public static MemberCertificateRequest Create(SigningKey key, string organisation, string name)
    {
        ArgumentNullException.ThrowIfNull(key);
        X509Name subject = CertificateNames.Identity(organisation, CertificateRole.Member, name);
        byte[] seed = key.ExportSeed();
        try
        {
            var privateKey = new Ed25519PrivateKeyParameters(seed);
            var request = new Pkcs10CertificationRequest(new Asn1SignatureFactory("Ed25519", privateKey), subject, privateKey.GeneratePublicKey(), null);
            return new MemberCertificateRequest(request, organisation, name, key.PublicKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>
    /// Reads a PEM request and checks it as a CA must before issuing: it parses, carries an
    /// Ed25519 key, its self-signature verifies with that key, and its subject names a valid
    /// organisation and name and no role but member. Throws <see cref="CertificateRequestException"/>.
    /// </summary>
    public static MemberCertificateRequest Parse(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        Pkcs10CertificationRequest request;
        try
        {
            PemFields fields = PemEncoding.Find(pem);
            if (!pem.AsSpan()[fields.Label].SequenceEqual(PemLabel))
            {
                throw new FormatException($"expected a {PemLabel} PEM block, found {pem[fields.Label]}");
            }

            request = new Pkcs10CertificationRequest(Convert.FromBase64String(pem[fields.Base64Data]));
        }
        catch (Exception e) when (e is ArgumentException or FormatException or IOException or InvalidCastException or Org.BouncyCastle.Asn1.Asn1Exception)
        {
            throw new CertificateRequestException(CertificateRequestRejection.Malformed, $"not a PEM PKCS#10 certificate request: {e.Message}", e);
        }

        Org.BouncyCastle.Crypto.AsymmetricKeyParameter publicKey;
        try
        {
            publicKey = request.GetPublicKey();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or Org.BouncyCastle.Security.SecurityUtilityException)
        {
            throw new CertificateRequestException(CertificateRequestRejection.WrongKeyType, $"the request's key is not one a member can use: {e.Message}", e);
        }

        if (publicKey is not Ed25519PublicKeyParameters ed25519)
        {
            throw new CertificateRequestException(CertificateRequestRejection.WrongKeyType,
                $"the request carries a {publicKey.GetType().Name.Replace("PublicKeyParameters", string.Empty, StringComparison.Ordinal)} key; members use Ed25519 keys");
        }

        bool signed;
        try
        {
            signed = request.Verify();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or Org.BouncyCastle.Security.SecurityUtilityException or Org.BouncyCastle.Security.InvalidKeyException)
        {
            signed = false;
        }

        if (!signed)
        {
            throw new CertificateRequestException(CertificateRequestRejection.BadSignature,
                "the request's self-signature does not verify with the key it carries: it was not made by that key's holder");
        }

        X509Name subject = request.GetCertificationRequestInfo().Subject;
        string? organisation = CertificateNames.Get(subject, X509Name.O);
        string? name = CertificateNames.Get(subject, X509Name.CN);
        if (!CertificateNames.IsValidName(organisation) || !CertificateNames.IsValidName(name))
        {
            throw new CertificateRequestException(CertificateRequestRejection.Malformed,
                $"the request's subject '{subject}' needs one O (organisation) and one CN (name), each 1-64 letters, digits, '-', '_' or '.'");
        }

        IList<string> units = subject.GetValueList(X509Name.OU);
        if (units.Count > 1 || (units.Count == 1 && units[0] != CertificateRole.Member.ToName()))
        {
            throw new CertificateRequestException(CertificateRequestRejection.WrongRole,
                $"the request asks for role '{string.Join(",", units)}'; a request can only obtain a member certificate");
        }

        return new MemberCertificateRequest(request, organisation!, name!, new PublicKey(ed25519.GetEncoded()));
    }

    /// <summary>
    /// The member certificate <paramref name="ca"/> issues for this request, through the CA's own
    /// issuance (<see cref="OrganisationCa.IssueSigningCertificate"/>, so it meets the same profile
    /// as every identity it issues). The subject is rebuilt from the checked name, not copied.
    /// </summary>
    public Org.BouncyCastle.X509.X509Certificate IssueBy(OrganisationCa ca, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        ArgumentNullException.ThrowIfNull(ca);
        if (!string.Equals(ca.Organisation, Organisation, StringComparison.Ordinal))
        {
            throw new CertificateRequestException(CertificateRequestRejection.WrongOrganisation,
                $"the request is for organisation '{Organisation}', but this is the CA of '{ca.Organisation}'");
        }

        return ca.IssueSigningCertificate(Name, CertificateRole.Member, Key, notBefore, notAfter);
    }
}
