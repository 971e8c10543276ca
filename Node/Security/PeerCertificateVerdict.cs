namespace Ledger.Node.Security;

/// <summary>Accepted with the validator's genesis name, or refused with a typed refusal and the reason in words.</summary>
public sealed record PeerCertificateVerdict(bool Accepted, string? ValidatorName, string Reason, PeerRefusal Refusal = PeerRefusal.None)
{
    public static PeerCertificateVerdict Accept(string validator) => new(true, validator, "valid");

    public static PeerCertificateVerdict Refuse(PeerRefusal refusal, string reason) => new(false, null, reason, refusal);
}
