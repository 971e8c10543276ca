namespace Ledger.Crypto.Pki.Profile;

/// <summary>The first certificate-profile rule a certificate breaks, and how.</summary>
internal sealed record ProfileViolation(CertificateRejection Reason, string Detail)
{
    /// <summary>The same violation, said of an organisation CA rather than of the certificate judged.</summary>
    public ProfileViolation OfCa(string caSubject) => this with { Detail = $"organisation CA '{caSubject}': {Detail}" };

    public CertificateValidationResult ToResult() => CertificateValidationResult.Reject(Reason, Detail);

    public static ProfileViolation From(ExtensionFault fault) => new(
        fault.Kind switch
        {
            ExtensionFaultKind.NotDer => CertificateRejection.NotDer,
            ExtensionFaultKind.UnknownCritical => CertificateRejection.UnknownCriticalExtension,
            ExtensionFaultKind.Forbidden => CertificateRejection.ForbiddenExtension,
            ExtensionFaultKind.Criticality => CertificateRejection.ExtensionCriticality,
            ExtensionFaultKind.Missing => CertificateRejection.MissingExtension,
            _ => CertificateRejection.MalformedExtension,
        },
        fault.Detail);
}
