using Ledger.Crypto;
using Ledger.Crypto.Keys;
using Ledger.Crypto.Pki;
using Org.BouncyCastle.X509;

namespace Ledger.Node.Testnet;

/// <summary>
/// One identity freshly issued by an organisation CA: an Ed25519 key and its signing certificate,
/// plus, for validators, an ECDSA P-256 TLS key and certificate with the same subject.
/// </summary>
public sealed class IssuedIdentity : IDisposable
{
    private IssuedIdentity(string name, CertificateRole role, SigningKey key, X509Certificate certificate, IssuedTlsCertificate? tls)
    {
        Name = name;
        Role = role;
        Key = key;
        Certificate = certificate;
        Tls = tls;
    }

    public string Name { get; }

    public CertificateRole Role { get; }

    public SigningKey Key { get; }

    public X509Certificate Certificate { get; }

    public string CertificatePem => PkiPem.ToPem(Certificate);

    /// <summary>Validators only.</summary>
    public IssuedTlsCertificate? Tls { get; }

    public static IssuedIdentity Issue(OrganisationCa ca, string name, CertificateRole role, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        ArgumentNullException.ThrowIfNull(ca);
        var key = SigningKey.Generate();
        try
        {
            X509Certificate certificate = ca.IssueSigningCertificate(name, role, key.PublicKey, notBefore, notAfter);
            IssuedTlsCertificate? tls = role == CertificateRole.Validator ? ca.IssueTlsCertificate(name, role, notBefore, notAfter) : null;
            return new IssuedIdentity(name, role, key, certificate, tls);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The identity's files in <paramref name="directory"/>: a validator's as in a node folder
    /// (signing.key.pem, signing.crt.pem, tls.crt.pem, tls.key.pem), anyone else's as key.pem and cert.pem.
    /// </summary>
    public IReadOnlyList<PlannedFile> Files(string directory, string? passphrase)
    {
        if (Tls is null)
        {
            return
            [
                new PlannedFile(Path.Combine(directory, PkiLayout.MemberKeyFile), KeyFile.ExportSigningKey(Key, passphrase), true),
                new PlannedFile(Path.Combine(directory, PkiLayout.MemberCertificateFile), CertificatePem, false),
            ];
        }

        return
        [
            new PlannedFile(Path.Combine(directory, PkiLayout.SigningKeyFile), KeyFile.ExportSigningKey(Key, passphrase), true),
            new PlannedFile(Path.Combine(directory, PkiLayout.SigningCertificateFile), CertificatePem, false),
            new PlannedFile(Path.Combine(directory, PkiLayout.TlsCertificateFile), Tls.CertificatePem, false),
            new PlannedFile(Path.Combine(directory, PkiLayout.TlsKeyFile), Tls.ExportKeyPem(passphrase), true),
        ];
    }

    public void Dispose() => Key.Dispose();
}
