namespace Ledger.Crypto.Pki.Profile;

/// <summary>Where an extension sits: which of the profile's columns applies to it.</summary>
internal enum ExtensionContext
{
    /// <summary>An organisation's root CA certificate.</summary>
    Authority,

    /// <summary>An identity's signing certificate (Ed25519).</summary>
    SigningLeaf,

    /// <summary>A validator's TLS certificate (ECDSA P-256).</summary>
    TlsLeaf,

    /// <summary>A CRL's own extensions.</summary>
    Crl,

    /// <summary>The extensions of one revoked-certificate entry of a CRL.</summary>
    CrlEntry,
}
