namespace Ledger.Crypto.Pki;

/// <summary>Why a PKCS#10 certificate request is refused, before or at issuance.</summary>
public enum CertificateRequestRejection
{
    /// <summary>Not a PEM/DER PKCS#10 request, or its subject lacks a valid O or CN.</summary>
    Malformed,

    /// <summary>The request's self-signature does not verify with the key it carries: whoever made it does not hold that key.</summary>
    BadSignature,

    /// <summary>The request carries a key that is not Ed25519 (members sign ledger transactions with Ed25519).</summary>
    WrongKeyType,

    /// <summary>The subject asks for a role other than member (OU), which a request cannot obtain.</summary>
    WrongRole,

    /// <summary>The subject names an organisation other than the issuing CA's.</summary>
    WrongOrganisation,
}
