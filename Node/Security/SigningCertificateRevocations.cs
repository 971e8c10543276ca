using Ledger.Crypto;
using Ledger.Crypto.Pki;
using Ledger.Epochs;
using Ledger.Genesis;
using Ledger.Node.Runtime;
using Ledger.State;
using Org.BouncyCastle.Asn1.X509;

namespace Ledger.Node.Security;

/// <summary>
/// Which of the current epoch's validators' consensus signing certificates are revoked, as one flag
/// per validator in roster order (the consensus index), so the consensus message path reads an
/// array instead of parsing a certificate per message. The serials are read from the roster once
/// per epoch (again when the committee enters a new one); the flags are
/// recomputed from the two sources (the committed ledger, asked by certificate id as Revoke
/// transactions record it, and the CRLs the node was given) when the committed ledger moves (its
/// stamp changes) or, for CRL files that change without a commit, when <see cref="CrlRecheck"/> has
/// passed since the last look. Not thread-safe: the event loop is its only caller.
/// </summary>
public sealed class SigningCertificateRevocations
{
    /// <summary>How stale the view of CRL files may get while the committed ledger does not move.</summary>
    public static readonly TimeSpan CrlRecheck = TimeSpan.FromSeconds(5);

    private readonly Committee _committee;
    private EpochRoster? _roster;
    private IReadOnlyList<SigningCertificate> _certificates = [];
    private readonly Func<Hash32, bool> _revokedOnLedger;
    private readonly Func<RevocationList> _crls;
    private readonly Func<object?> _ledgerStamp;
    private readonly TimeProvider _time;
    private SignerRevokedBy[] _revoked = [];
    private object? _stamp;
    private DateTimeOffset? _checkedAt;

    /// <param name="revokedOnLedger">Whether the committed ledger state revokes a certificate id (<see cref="CertificateIds.Of"/>).</param>
    /// <param name="crls">The revocations of the CRL files the node was given, as of now.</param>
    /// <param name="ledgerStamp">An object that changes (by reference) whenever the committed ledger moves.</param>
    public SigningCertificateRevocations(GenesisDocument genesis, Func<Hash32, bool> revokedOnLedger, Func<RevocationList> crls, Func<object?> ledgerStamp, TimeProvider time)
        : this(new Committee(genesis ?? throw new ArgumentNullException(nameof(genesis))), revokedOnLedger, crls, ledgerStamp, time)
    {
    }

    /// <param name="committee">The current epoch's validators (their signing certificates are the ones judged).</param>
    public SigningCertificateRevocations(Committee committee, Func<Hash32, bool> revokedOnLedger, Func<RevocationList> crls, Func<object?> ledgerStamp, TimeProvider time)
    {
        _committee = committee ?? throw new ArgumentNullException(nameof(committee));
        _revokedOnLedger = revokedOnLedger ?? throw new ArgumentNullException(nameof(revokedOnLedger));
        _crls = crls ?? throw new ArgumentNullException(nameof(crls));
        _ledgerStamp = ledgerStamp ?? throw new ArgumentNullException(nameof(ledgerStamp));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>Whether validator <paramref name="index"/>'s signing certificate is revoked now; an unknown index is not.</summary>
    public SignerRevokedBy RevokedBy(int index)
    {
        RefreshIfStale();
        return index < 0 || index >= _revoked.Length ? SignerRevokedBy.NotRevoked : _revoked[index];
    }

    /// <summary>The certificate in words, for logs and the mode reason.</summary>
    public string Describe(int index) => index >= 0 && index < _certificates.Count
        ? $"signing certificate serial {_certificates[index].SerialHex} of '{_certificates[index].Validator}' ({_certificates[index].Organisation})"
        : $"validator #{index}";

    private void RefreshIfStale()
    {
        var stamp = _ledgerStamp();
        var now = _time.GetUtcNow();
        if (!TakeRoster() && ReferenceEquals(stamp, _stamp) && _checkedAt is { } at && now - at < CrlRecheck)
        {
            return;
        }

        _stamp = stamp;
        _checkedAt = now;
        var crls = _crls();
        for (var i = 0; i < _certificates.Count; i++)
        {
            var certificate = _certificates[i];
            _revoked[i] = _revokedOnLedger(certificate.Id) ? SignerRevokedBy.Ledger
                : crls.Contains(certificate.Organisation, certificate.SerialHex) ? SignerRevokedBy.Crl
                : SignerRevokedBy.NotRevoked;
        }
    }

    /// <summary>Reads the serials of the committee's roster when it is not the one read last; true when it changed.</summary>
    private bool TakeRoster()
    {
        var roster = _committee.Current;
        if (ReferenceEquals(roster, _roster))
        {
            return false;
        }

        _roster = roster;
        _certificates = [.. roster.Roster.Validators.Select(SigningCertificate.Of)];
        _revoked = new SignerRevokedBy[_certificates.Count];
        return true;
    }

    private sealed record SigningCertificate(string Validator, string Organisation, string SerialHex, Hash32 Id)
    {
        public static SigningCertificate Of(ValidatorEntry validator)
        {
            var certificate = PkiPem.ParseCertificateDer(validator.SigningCertificateDer);
            var serial = CertificateNames.SerialHex(certificate.SerialNumber);
            var name = CertificateNames.Get(certificate.SubjectDN, X509Name.CN) ?? validator.ConsensusKey.ToShortHex();
            return new SigningCertificate(name, validator.Organisation, serial, CertificateIds.Of(validator.Organisation, serial));
        }
    }
}
