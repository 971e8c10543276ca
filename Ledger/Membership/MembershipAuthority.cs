using Ledger.Crypto;
using Ledger.Crypto.Pki;
using Ledger.Epochs;
using Ledger.Execution;
using Ledger.Genesis;
using Ledger.State;
using Ledger.Transactions;
using Org.BouncyCastle.X509;

namespace Ledger.Membership;

/// <summary>
/// Judges member certificates and CRLs against a set of organisation CAs, at the block's
/// timestamp (never a local clock), so every replica decides the same way. Execution and admission
/// take it from the committed state's roster (<see cref="ValidatorRoster.Membership"/>: the
/// organisations of the current epoch), never from local files; genesis's organisations are epoch
/// 0's. Revocations are not its business: they live in the replicated state and execution checks
/// them by certificate id. Immutable and thread-safe.
/// </summary>
public sealed class MembershipAuthority
{
    private readonly CertificateValidator _validator;
    private readonly Dictionary<string, X509Certificate> _casByOrganisation;

    public MembershipAuthority(IEnumerable<X509Certificate> organisationCas)
    {
        ArgumentNullException.ThrowIfNull(organisationCas);
        var cas = organisationCas.ToList();
        _validator = new CertificateValidator(cas);
        _casByOrganisation = new Dictionary<string, X509Certificate>(StringComparer.Ordinal);
        foreach (X509Certificate ca in cas)
        {
            string organisation = CertificateNames.Get(ca.SubjectDN, Org.BouncyCastle.Asn1.X509.X509Name.O)
                ?? throw new ArgumentException($"CA '{ca.SubjectDN}' names no organisation", nameof(organisationCas));
            if (!_casByOrganisation.TryAdd(organisation, ca))
            {
                throw new ArgumentException($"two CAs for organisation '{organisation}'", nameof(organisationCas));
            }
        }
    }

    /// <summary>Epoch 0's organisations: genesis's (the genesis state's members are judged with it).</summary>
    public static MembershipAuthority FromGenesis(GenesisDocument genesis)
    {
        ArgumentNullException.ThrowIfNull(genesis);
        return new MembershipAuthority(genesis.Organisations.Select(o => PkiPem.ParseCertificate(o.CaCertificatePem)));
    }

    /// <summary>
    /// The organisations of <paramref name="roster"/> (an epoch's), each CA as the roster records
    /// it. Prefer <see cref="ValidatorRoster.Membership"/>, built once per roster.
    /// </summary>
    public static MembershipAuthority FromRoster(ValidatorRoster roster)
    {
        ArgumentNullException.ThrowIfNull(roster);
        return new MembershipAuthority(roster.Organisations.Select(o => PkiPem.ParseCertificateDer(o.CaCertificateDer)));
    }

    /// <summary>
    /// A member certificate (DER) at <paramref name="atMs"/>: issued by one of the organisations' CAs, in its
    /// validity period, role member, binding exactly <paramref name="memberKey"/>. On success
    /// the decision carries the certificate id (organisation + serial) that revocations name.
    /// </summary>
    public EnrollmentDecision JudgeCertificate(ReadOnlySpan<byte> certificateDer, PublicKey memberKey, long atMs)
    {
        CertificateValidationResult result = _validator.ValidateDer(certificateDer, ToTime(atMs), CertificatePurpose.Signing, CertificateRole.Member);
        if (result.Identity is not { } identity)
        {
            return new EnrollmentDecision(StatusOf(result.Reason), Hash32.Zero, result.Detail);
        }

        if (identity.SigningKey != memberKey)
        {
            return new EnrollmentDecision(ReceiptStatus.CertificateKeyMismatch, Hash32.Zero,
                $"the certificate binds {identity.SigningKey?.ToShortHex()}, not {memberKey.ToShortHex()}");
        }

        return new EnrollmentDecision(ReceiptStatus.Success, CertificateIds.Of(identity.Organisation, identity.SerialHex), identity.Name);
    }

    /// <summary>
    /// A CRL (DER) of <see cref="Revoke.Organisation"/>: signed by that organisation's CA (an
    /// organisation no longer in the roster is unknown) and issued no later than <paramref name="atMs"/>. Revocations only ever accumulate, so an
    /// old CRL replayed adds nothing and needs no sequence check.
    /// </summary>
    public RevocationDecision JudgeRevocation(Revoke revoke, long atMs)
    {
        ArgumentNullException.ThrowIfNull(revoke);
        OrganisationCrl crl;
        try
        {
            crl = OrganisationCrl.ParseDer(revoke.CrlDer);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IOException)
        {
            return new RevocationDecision(ReceiptStatus.CrlMalformed, [], e.Message);
        }

        if (!string.Equals(crl.Organisation, revoke.Organisation, StringComparison.Ordinal)
            || !_casByOrganisation.TryGetValue(crl.Organisation, out X509Certificate? ca))
        {
            return new RevocationDecision(ReceiptStatus.UnknownOrganisation, [],
                $"CRL of '{crl.Organisation}' submitted as '{revoke.Organisation}'; organisations: {string.Join(", ", _casByOrganisation.Keys.Order(StringComparer.Ordinal))}");
        }

        if (!crl.IsSignedBy(ca))
        {
            return new RevocationDecision(ReceiptStatus.CrlBadSignature, [], $"the CRL is not signed by the CA of '{crl.Organisation}'");
        }

        if (crl.ThisUpdate > ToTime(atMs))
        {
            return new RevocationDecision(ReceiptStatus.CrlNotYetIssued, [], $"the CRL's thisUpdate {crl.ThisUpdate:O} is after the block time");
        }

        return new RevocationDecision(ReceiptStatus.Success, [.. crl.RevokedSerials.Select(s => CertificateIds.Of(crl.Organisation, s))], "");
    }

    private static ReceiptStatus StatusOf(CertificateRejection? reason) => reason switch
    {
        CertificateRejection.Expired => ReceiptStatus.CertificateExpired,
        CertificateRejection.NotYetValid => ReceiptStatus.CertificateNotYetValid,
        CertificateRejection.WrongRole => ReceiptStatus.CertificateWrongRole,
        CertificateRejection.Revoked => ReceiptStatus.CertificateRevoked,
        CertificateRejection.UnknownCa or CertificateRejection.BadSignature or CertificateRejection.IssuerNotCa
            or CertificateRejection.OrganisationMismatch => ReceiptStatus.CertificateUntrusted,
        _ => ReceiptStatus.CertificateMalformed,
    };

    private static DateTimeOffset ToTime(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(unixMs, 0, 253402300799999));
}
