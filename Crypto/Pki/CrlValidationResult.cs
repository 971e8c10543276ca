using System.Diagnostics.CodeAnalysis;

namespace Ledger.Crypto.Pki;

/// <summary>The verdict on one CRL: the CRL when valid, otherwise a reason and a human-readable detail.</summary>
public sealed record CrlValidationResult
{
    private CrlValidationResult()
    {
    }

    [MemberNotNullWhen(true, nameof(Crl))]
    [MemberNotNullWhen(false, nameof(Reason))]
    public bool IsValid => Crl is not null;

    public OrganisationCrl? Crl { get; private init; }

    public CrlRejection? Reason { get; private init; }

    public string Detail { get; private init; } = "";

    public static CrlValidationResult Valid(OrganisationCrl crl) => new() { Crl = crl, Detail = "valid" };

    public static CrlValidationResult Reject(CrlRejection reason, string detail) => new() { Reason = reason, Detail = detail };

    public override string ToString() => IsValid
        ? $"valid: CRL #{Crl.Number} of {Crl.Organisation} with {Crl.RevokedSerials.Count} revoked serial(s)"
        : $"{Reason}: {Detail}";
}
