namespace Ledger.Crypto.Pki;

/// <summary>
/// Why a CRL was not accepted: one value per rule of the network's CRL profile
/// (docs/ARCHITECTURE.md, "Certificate profile"), with a detail naming what exactly is wrong.
/// </summary>
public enum CrlRejection
{
    /// <summary>Not a parseable X.509 CRL, or its issuer has no single O (organisation).</summary>
    Malformed,

    /// <summary>The bytes are not the CRL's one DER encoding.</summary>
    NotDer,

    /// <summary>Not a version 2 CRL.</summary>
    UnsupportedVersion,

    /// <summary>No trusted organisation CA has the CRL's issuer name (byte for byte).</summary>
    UnknownCa,

    /// <summary>The issuing CA itself fails the certificate profile (the detail says how).</summary>
    IssuerRejected,

    /// <summary>The issuing CA's key usage lacks cRLSign.</summary>
    NotCrlSigner,

    /// <summary>The signature algorithm is not the one the CA's key signs with, has parameters, or differs between the signed part and the signature.</summary>
    SignatureAlgorithm,

    /// <summary>The CA's key did not make the signature.</summary>
    BadSignature,

    /// <summary>nextUpdate is absent or not after thisUpdate, or a time is not encoded as RFC 5280 requires.</summary>
    InvalidUpdateTimes,

    /// <summary>A revoked serial number is zero, negative or longer than 20 octets.</summary>
    InvalidSerial,

    /// <summary>A critical extension (of the CRL or of an entry) the profile does not know.</summary>
    UnknownCriticalExtension,

    /// <summary>A known extension with the wrong criticality (the CRL number and authority key identifier are never critical).</summary>
    ExtensionCriticality,

    /// <summary>An extension for partial, indirect or delta CRLs, which the profile does not accept.</summary>
    ForbiddenExtension,

    /// <summary>The CRL number or the authority key identifier is absent.</summary>
    MissingExtension,

    /// <summary>An extension whose value does not decode, is out of range, or contradicts the issuer (authority key identifier).</summary>
    MalformedExtension,

    /// <summary>The CRL number is not above that of the CRL it replaces (or equal, with other contents).</summary>
    CrlNumberNotIncreasing,
}
