namespace Ledger.Crypto.Pki;

/// <summary>Why a certificate was not accepted.</summary>
public enum CertificateRejection
{
    /// <summary>Not a parseable X.509 certificate, or its subject lacks O, OU (a known role) or CN.</summary>
    Malformed,

    /// <summary>The validation time is after notAfter (of the certificate or its CA).</summary>
    Expired,

    /// <summary>The validation time is before notBefore (of the certificate or its CA).</summary>
    NotYetValid,

    /// <summary>No trusted organisation CA has the certificate's issuer name.</summary>
    UnknownCa,

    /// <summary>The issuer's key did not make the signature: forged, tampered, or another CA's.</summary>
    BadSignature,

    /// <summary>The issuer is not a CA (basicConstraints CA=false or absent, or no keyCertSign).</summary>
    IssuerNotCa,

    /// <summary>The certificate claims another organisation than the CA that issued it.</summary>
    OrganisationMismatch,

    /// <summary>The certificate has another role than the one required.</summary>
    WrongRole,

    /// <summary>The issuing organisation revoked the certificate's serial.</summary>
    Revoked,

    /// <summary>Not the key type the purpose needs (Ed25519 for signing, ECDSA P-256 for TLS).</summary>
    WrongKeyType,

    /// <summary>Key usage, extended key usage or basic constraints do not allow the purpose.</summary>
    KeyUsage,
}
