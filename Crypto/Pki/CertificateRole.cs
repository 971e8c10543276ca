namespace Ledger.Crypto.Pki;

/// <summary>
/// What an identity may do. The role is carried in the certificate subject's OU attribute
/// (lower-case: "validator", "member", "admin"), so any X.509 tool shows it.
/// </summary>
public enum CertificateRole
{
    /// <summary>Signs proposals, votes and timeouts; runs a node.</summary>
    Validator,

    /// <summary>Holds an account and signs transfers.</summary>
    Member,

    /// <summary>Administers its organisation: the only role allowed to enroll and revoke.</summary>
    Admin,
}
