using System.Security.Cryptography.X509Certificates;
using Ledger.Crypto.Pki;
using Ledger.Genesis;
using Ledger.Node.Runtime;

namespace Ledger.Node.Security;

/// <summary>
/// A peer is a validator of the current epoch (<see cref="Committee.Current"/>, the committed
/// roster; genesis's at epoch 0): its TLS certificate must validate (foundation PKI) against that
/// roster's organisation CAs and the current revocations (CRL files, plus the ledger's committed
/// Revoke transactions asked by organisation and serial), with role `validator`, at the given time;
/// its subject (organisation and name) must be one of the roster's validators; and it must not be
/// older than the TLS certificate the roster lists for that validator (the roster's own, or a
/// renewal issued after it): a change that replaced a validator's TLS certificate retires the old
/// one. The roster is read at every check, so a removed validator is refused as soon as the node
/// enters the epoch without it, and a new one accepted.
/// </summary>
public sealed class RosterPeerCertificatePolicy : IPeerCertificatePolicy
{
    private readonly Committee _committee;
    private readonly Func<RevocationList> _revocations;
    private readonly Func<RevokedCertificate, bool> _revokedOnLedger;

    /// <summary>Genesis's set, fixed (tools and tests that judge certificates without a ledger).</summary>
    public RosterPeerCertificatePolicy(GenesisDocument genesis, Func<RevocationList> revocations)
        : this(new Committee(genesis), revocations, static _ => false)
    {
    }

    /// <param name="committee">The current epoch's validators, read at every check.</param>
    /// <param name="revokedOnLedger">Whether the committed ledger state revokes a certificate (organisation, serial).</param>
    public RosterPeerCertificatePolicy(Committee committee, Func<RevocationList> revocations, Func<RevokedCertificate, bool> revokedOnLedger)
    {
        ArgumentNullException.ThrowIfNull(committee);
        ArgumentNullException.ThrowIfNull(revocations);
        ArgumentNullException.ThrowIfNull(revokedOnLedger);
        _committee = committee;
        _revocations = revocations;
        _revokedOnLedger = revokedOnLedger;
    }

    public PeerCertificateVerdict Check(X509Certificate2 certificate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var roster = _committee.Current;
        var result = roster.Anchors.WithRevocations(_revocations()).Validate(certificate, now, CertificatePurpose.Tls, CertificateRole.Validator);
        if (!result.IsValid)
        {
            return PeerCertificateVerdict.Refuse(PeerRefusal.InvalidCertificate, $"{result.Reason}: {result.Detail}");
        }

        var identity = result.Identity;
        if (_revokedOnLedger(new RevokedCertificate(identity.Organisation, identity.SerialHex)))
        {
            return PeerCertificateVerdict.Refuse(PeerRefusal.RevokedOnLedger, $"serial {identity.SerialHex} of '{identity.Organisation}' is revoked by a committed Revoke transaction");
        }

        if (roster.Entry(identity.Name) is not { } entry)
        {
            return PeerCertificateVerdict.Refuse(PeerRefusal.NotAValidator, $"'{identity.Name}' of '{identity.Organisation}' is not a validator of epoch {roster.Epoch}");
        }

        if (entry.Organisation != identity.Organisation)
        {
            return PeerCertificateVerdict.Refuse(PeerRefusal.NotAValidator, $"epoch {roster.Epoch} places validator '{identity.Name}' in '{entry.Organisation}', the certificate says '{identity.Organisation}'");
        }

        return Supersedes(entry.TlsCertificateDer, certificate) is { } listed
            ? PeerCertificateVerdict.Refuse(PeerRefusal.SupersededCertificate, $"epoch {roster.Epoch} lists a TLS certificate for '{identity.Name}' issued {listed:u} (serial {identity.SerialHex} is older and was replaced)")
            : PeerCertificateVerdict.Accept(identity.Name);
    }

    /// <summary>
    /// When the roster's certificate is not the one presented and was issued at or after it
    /// (a change replaced the presented one), its start of validity; null when the presented one
    /// is the roster's or a later renewal.
    /// </summary>
    private static DateTimeOffset? Supersedes(byte[] listedDer, X509Certificate2 presented)
    {
        if (presented.RawData.AsSpan().SequenceEqual(listedDer))
        {
            return null;
        }

        var listed = new DateTimeOffset(PkiPem.ParseCertificateDer(listedDer).NotBefore.ToUniversalTime(), TimeSpan.Zero);
        var offered = new DateTimeOffset(presented.NotBefore.ToUniversalTime());
        return offered > listed ? null : listed;
    }
}
