namespace Ledger.Crypto.Pki;

/// <summary>The text form of <see cref="CertificateRole"/> as written in the subject's OU.</summary>
public static class CertificateRoles
{
    public static string ToName(this CertificateRole role) => role switch
    {
        CertificateRole.Validator => "validator",
        CertificateRole.Member => "member",
        CertificateRole.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "unknown role"),
    };

    /// <summary>Exact, lower-case names only: a certificate either says its role or is malformed.</summary>
    public static bool TryParse(string? name, out CertificateRole role)
    {
        switch (name)
        {
            case "validator":
                role = CertificateRole.Validator;
                return true;
            case "member":
                role = CertificateRole.Member;
                return true;
            case "admin":
                role = CertificateRole.Admin;
                return true;
            default:
                role = default;
                return false;
        }
    }

    public static CertificateRole Parse(string name) =>
        TryParse(name, out CertificateRole role)
            ? role
            : throw new FormatException($"unknown role '{name}'; expected validator, member or admin");
}
