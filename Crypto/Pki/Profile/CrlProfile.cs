using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Math;

namespace Ledger.Crypto.Pki.Profile;

/// <summary>
/// The CRL profile: a complete, direct version 2 CRL of a trusted organisation CA that meets the
/// certificate profile and holds cRLSign, signed with that CA's one signature algorithm, with
/// thisUpdate and a later nextUpdate, a non-critical CRL number and authority key identifier,
/// valid entries, and a CRL number above that of the CRL it replaces.
/// </summary>
internal static class CrlProfile
{
    public static CrlValidationResult Check(OrganisationCrl crl, IReadOnlyList<TrustAnchor> anchors, OrganisationCrl? previous)
    {
        if (crl.Encoded is { } bytes && DerEncoding.Problem(bytes) is { } encoding)
        {
            return Reject(CrlRejection.NotDer, $"the CRL's bytes are {encoding}");
        }

        CertificateList list = crl.Crl.CertificateList;
        TbsCertificateList tbs = list.TbsCertList;
        if (tbs.Version != 2)
        {
            return Reject(CrlRejection.UnsupportedVersion, $"version {tbs.Version}; the profile accepts version 2 CRLs only");
        }

        var candidates = anchors.Where(a => a.HasSubject(tbs.Issuer)).ToList();
        if (candidates.Count == 0)
        {
            return Reject(CrlRejection.UnknownCa, $"issuer '{tbs.Issuer}' is not (byte for byte) the name of a trusted organisation CA");
        }

        var conforming = candidates.Where(c => c.Violation is null).ToList();
        if (conforming.Count == 0)
        {
            ProfileViolation violation = candidates[0].Violation!;
            return Reject(CrlRejection.IssuerRejected, $"{violation.Reason}: {violation.Detail}");
        }

        TrustAnchor issuer = conforming.FirstOrDefault(c => Signatures.IsSignedBy(crl.Crl, c.Certificate.GetPublicKey())) ?? conforming[0];
        if (!issuer.SignsCrls)
        {
            return Reject(CrlRejection.NotCrlSigner, $"the key usage of '{issuer.Certificate.SubjectDN}' lacks cRLSign");
        }

        if (KeyProfile.SignatureAlgorithmProblem(list.SignatureAlgorithm, tbs.Signature, issuer.SignatureAlgorithm!) is { } algorithm)
        {
            return Reject(CrlRejection.SignatureAlgorithm, algorithm);
        }

        if (!Signatures.IsSignedBy(crl.Crl, issuer.Certificate.GetPublicKey()))
        {
            return Reject(CrlRejection.BadSignature, $"the signature does not verify under the key of '{issuer.Certificate.SubjectDN}'");
        }

        if (UpdateTimesProblem(tbs) is { } times)
        {
            return Reject(CrlRejection.InvalidUpdateTimes, times);
        }

        if (ExtensionProfile.Check(tbs.Extensions, ExtensionContext.Crl) is { } fault)
        {
            return Reject(fault);
        }

        if (AuthorityKeyIdentifiers.Problem(tbs.Extensions, issuer.KeyIdentifier, issuer.Certificate) is { } authority)
        {
            return Reject(CrlRejection.MalformedExtension, authority);
        }

        foreach (CrlEntry entry in tbs.GetRevokedCertificateEnumeration())
        {
            if (EntryProblem(entry) is { } problem)
            {
                return problem;
            }
        }

        return previous is null || previous.Organisation != crl.Organisation ? CrlValidationResult.Valid(crl) : CheckSuccessor(crl, previous);
    }

    /// <summary>The CRL number only grows (RFC 5280 5.2.3); one number never names two different CRLs.</summary>
    private static CrlValidationResult CheckSuccessor(OrganisationCrl crl, OrganisationCrl previous)
    {
        BigInteger number = NumberOf(crl);
        BigInteger before = NumberOf(previous);
        int order = number.CompareTo(before);
        if (order < 0)
        {
            return Reject(CrlRejection.CrlNumberNotIncreasing, $"CRL #{number} of '{crl.Organisation}' is older than #{before}, already accepted");
        }

        return order == 0 && !crl.Crl.GetEncoded().AsSpan().SequenceEqual(previous.Crl.GetEncoded())
            ? Reject(CrlRejection.CrlNumberNotIncreasing, $"CRL #{number} of '{crl.Organisation}' differs from the CRL #{before} already accepted")
            : CrlValidationResult.Valid(crl);
    }

    private static BigInteger NumberOf(OrganisationCrl crl) =>
        DerInteger.GetInstance(crl.Crl.CertificateList.TbsCertList.Extensions.GetExtensionParsedValue(X509Extensions.CrlNumber)).Value;

    private static string? UpdateTimesProblem(TbsCertificateList tbs)
    {
        if (FieldProfile.TimeProblem(tbs.ThisUpdate, "thisUpdate") is { } thisUpdate)
        {
            return thisUpdate;
        }

        if (tbs.NextUpdate is null)
        {
            return "no nextUpdate (RFC 5280 5.1.2.5: conforming CRL issuers include it)";
        }

        if (FieldProfile.TimeProblem(tbs.NextUpdate, "nextUpdate") is { } nextUpdate)
        {
            return nextUpdate;
        }

        return tbs.NextUpdate.ToDateTime() > tbs.ThisUpdate.ToDateTime()
            ? null
            : $"nextUpdate {tbs.NextUpdate.ToDateTime():O} is not after thisUpdate {tbs.ThisUpdate.ToDateTime():O}";
    }

    private static CrlValidationResult? EntryProblem(CrlEntry entry)
    {
        BigInteger serial = entry.UserCertificate.Value;
        if (FieldProfile.SerialProblem(serial) is { } problem)
        {
            return Reject(CrlRejection.InvalidSerial, $"revoked {problem}");
        }

        if (FieldProfile.TimeProblem(entry.RevocationDate, $"the revocation date of serial {serial.ToString(16)}") is { } date)
        {
            return Reject(CrlRejection.InvalidUpdateTimes, date);
        }

        return ExtensionProfile.Check(entry.Extensions, ExtensionContext.CrlEntry) is { } fault
            ? Reject(fault with { Detail = $"entry for serial {serial.ToString(16)}: {fault.Detail}" })
            : null;
    }

    private static CrlValidationResult Reject(ExtensionFault fault) => Reject(
        fault.Kind switch
        {
            ExtensionFaultKind.NotDer => CrlRejection.NotDer,
            ExtensionFaultKind.UnknownCritical => CrlRejection.UnknownCriticalExtension,
            ExtensionFaultKind.Forbidden => CrlRejection.ForbiddenExtension,
            ExtensionFaultKind.Criticality => CrlRejection.ExtensionCriticality,
            ExtensionFaultKind.Missing => CrlRejection.MissingExtension,
            _ => CrlRejection.MalformedExtension,
        },
        fault.Detail);

    private static CrlValidationResult Reject(CrlRejection reason, string detail) => CrlValidationResult.Reject(reason, detail);
}
