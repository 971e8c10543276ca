namespace Ledger.Crypto.Pki;

/// <summary>Which of an identity's two kinds of certificate is being judged.</summary>
public enum CertificatePurpose
{
    /// <summary>Binds an Ed25519 key that signs ledger and consensus messages.</summary>
    Signing,

    /// <summary>An ECDSA P-256 certificate for mutual TLS between nodes (serverAuth and clientAuth).</summary>
    Tls,
}
