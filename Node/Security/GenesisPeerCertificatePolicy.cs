using System.Security.Cryptography.X509Certificates;
using Ledger.Crypto.Pki;
using Ledger.Genesis;

namespace Ledger.Node.Security;

/// <summary>
/// A peer is a genesis validator: its TLS certificate must validate (foundation PKI) against the
/// genesis organisation CAs and the current revocations (CRL files, plus the ledger's committed
/// Revoke transactions asked by organisation and serial), with role `validator`, at the given
/// time, and its subject (organisation and name) must be one of genesis's validators.
/// </summary>
public sealed class GenesisPeerCertificatePolicy : IPeerCertificatePolicy
{
    private readonly CertificateValidator _anchors;
    private readonly Func<RevocationList> _revocations;
    private readonly Func<RevokedCertificate, bool> _revokedOnLedger;
    private readonly Dictionary<string, string> _validatorOrganisation;

    public GenesisPeerCertificatePolicy(GenesisDocument genesis, Func<RevocationList> revocations)
        : this(genesis, revocations, static _ => false)
    {
    }

    /// <param name="revokedOnLedger">Whether the committed ledger state revokes a certificate (organisation, serial).</param>
    public GenesisPeerCertificatePolicy(GenesisDocument genesis, Func<RevocationList> revocations, Func<RevokedCertificate, bool> revokedOnLedger)
    {
        ArgumentNullException.ThrowIfNull(revokedOnLedger);
        _revokedOnLedger = revokedOnLedger;
        ArgumentNullException.ThrowIfNull(genesis);
        ArgumentNullException.ThrowIfNull(revocations);
        _anchors = CertificateValidator.FromPem(genesis.Organisations.Select(o => o.CaCertificatePem));
        _revocations = revocations;
        _validatorOrganisation = genesis.Validators.ToDictionary(v => v.Name, v => v.Organisation, StringComparer.Ordinal);
    }

    public PeerCertificateVerdict Check(X509Certificate2 certificate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var result = _anchors.WithRevocations(_revocations()).Validate(certificate, now, CertificatePurpose.Tls, CertificateRole.Validator);
        if (!result.IsValid)
        {
            return PeerCertificateVerdict.Refuse(PeerRefusal.InvalidCertificate, $"{result.Reason}: {result.Detail}");
        }

        var identity = result.Identity;
        if (_revokedOnLedger(new RevokedCertificate(identity.Organisation, identity.SerialHex)))
        {
            return PeerCertificateVerdict.Refuse(PeerRefusal.RevokedOnLedger, $"serial {identity.SerialHex} of '{identity.Organisation}' is revoked by a committed Revoke transaction");
        }

        if (!_validatorOrganisation.TryGetValue(identity.Name, out var organisation))
        {
            return PeerCertificateVerdict.Refuse(PeerRefusal.NotAValidator, $"'{identity.Name}' of '{identity.Organisation}' is not a genesis validator");
        }

        return organisation == identity.Organisation
            ? PeerCertificateVerdict.Accept(identity.Name)
            : PeerCertificateVerdict.Refuse(PeerRefusal.NotAValidator, $"genesis places validator '{identity.Name}' in '{organisation}', the certificate says '{identity.Organisation}'");
    }
}
