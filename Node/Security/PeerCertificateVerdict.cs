namespace Ledger.Node.Security;

/// <summary>Accepted with the validator's genesis name, or refused with the reason.</summary>
public sealed record PeerCertificateVerdict(bool Accepted, string? ValidatorName, string Reason)
{
    public static PeerCertificateVerdict Accept(string validator) => new(true, validator, "valid");

    public static PeerCertificateVerdict Refuse(string reason) => new(false, null, reason);
}
