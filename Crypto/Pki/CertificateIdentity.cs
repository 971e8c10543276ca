namespace Ledger.Crypto.Pki;

/// <summary>What a valid certificate proves: who (organisation, role, name) and, for signing certificates, which key.</summary>
public sealed record CertificateIdentity
{
    public required string Organisation { get; init; }

    public required CertificateRole Role { get; init; }

    /// <summary>The subject's common name (e.g. "org1-v1").</summary>
    public required string Name { get; init; }

    /// <summary>The serial number as lower-case hex without leading zeros; unique per issuing organisation.</summary>
    public required string SerialHex { get; init; }

    public required CertificatePurpose Purpose { get; init; }

    /// <summary>The Ed25519 key the certificate binds; null for TLS certificates.</summary>
    public PublicKey? SigningKey { get; init; }

    public required DateTimeOffset NotBefore { get; init; }

    public required DateTimeOffset NotAfter { get; init; }
}
