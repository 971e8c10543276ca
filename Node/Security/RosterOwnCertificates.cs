using Ledger.Node.Runtime;

namespace Ledger.Node.Security;

/// <summary>
/// This node's signing certificate and its organisation's CA as the roster of the epoch it is in
/// now lists them (<see cref="Committee.Current"/>), for the expiry report: after a validator-set
/// change an added organisation's node reports its signing certificate and CA, a rotated key's node
/// its new signing certificate, and a removed organisation's node neither. Parsed once per roster;
/// read from any thread (the cache is an immutable pair swapped whole).
/// </summary>
public sealed class RosterOwnCertificates(Committee committee, string name)
{
    private volatile Parsed? _parsed;

    public IReadOnlyList<OwnCertificate> Current
    {
        get
        {
            EpochRoster roster = committee.Current;
            Parsed? parsed = _parsed;
            if (parsed is null || !ReferenceEquals(parsed.Roster, roster))
            {
                parsed = new Parsed(roster, Of(roster, name));
                _parsed = parsed;
            }

            return parsed.Certificates;
        }
    }

    /// <summary>The signing certificate and CA <paramref name="roster"/> lists for validator <paramref name="validatorName"/> (none when it is not one).</summary>
    public static IReadOnlyList<OwnCertificate> Of(EpochRoster roster, string validatorName)
    {
        ArgumentNullException.ThrowIfNull(roster);
        var validator = roster.Entry(validatorName);
        if (validator is null)
        {
            return [];
        }

        var certificates = new List<OwnCertificate> { FromDer(OwnCertificate.Signing, validator.SigningCertificateDer) };
        if (roster.Roster.TryGetOrganisation(validator.Organisation, out var organisation))
        {
            certificates.Add(FromDer(OwnCertificate.Ca, organisation.CaCertificateDer));
        }

        return certificates;
    }

    private static OwnCertificate FromDer(string kind, byte[] der)
    {
        using var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(der);
        return OwnCertificate.Of(kind, certificate);
    }

    private sealed record Parsed(EpochRoster Roster, IReadOnlyList<OwnCertificate> Certificates);
}
