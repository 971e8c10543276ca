using System.Diagnostics.CodeAnalysis;

namespace Ledger.Crypto.Pki;

/// <summary>The verdict on one certificate: an identity when valid, otherwise a reason and a human-readable detail.</summary>
public sealed record CertificateValidationResult
{
    private CertificateValidationResult()
    {
    }

    [MemberNotNullWhen(true, nameof(Identity))]
    [MemberNotNullWhen(false, nameof(Reason))]
    public bool IsValid => Identity is not null;

    public CertificateIdentity? Identity { get; private init; }

    public CertificateRejection? Reason { get; private init; }

    public string Detail { get; private init; } = "";

    public static CertificateValidationResult Valid(CertificateIdentity identity) =>
        new() { Identity = identity, Detail = "valid" };

    public static CertificateValidationResult Reject(CertificateRejection reason, string detail) =>
        new() { Reason = reason, Detail = detail };

    public override string ToString() => IsValid
        ? $"valid: {Identity.Name} ({Identity.Role.ToName()} of {Identity.Organisation}, serial {Identity.SerialHex})"
        : $"{Reason}: {Detail}";
}
