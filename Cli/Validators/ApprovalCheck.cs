using Ledger.Cli.Support;
using Ledger.Crypto.Pki;
using Ledger.Transactions;

namespace Ledger.Cli.Validators;

/// <summary>
/// What `ledger validators sign` checks before an admin approves a change: the change begins the
/// epoch after the proven one (execution refuses any other as stale or future), and the admin's
/// certificate is an admin certificate of an organisation of that proven epoch's roster, now
/// (execution judges approvals by the roster the block is in, not by genesis's).
/// </summary>
public static class ApprovalCheck
{
    public static CertificateIdentity Judge(ValidatorSetChange change, string certificatePem, ProvenRoster current, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(current);
        if (change.TargetEpoch != current.Epoch + 1)
        {
            throw new CliException($"the change targets epoch {change.TargetEpoch}, but the roster it would be judged by is epoch {current.Epoch}'s ({current.Provenance}): a change must target epoch {current.Epoch + 1}; propose it again with --target-epoch {current.Epoch + 1}");
        }

        var verdict = new CertificateValidator(current.Roster.Organisations.Select(o => PkiPem.ParseCertificateDer(o.CaCertificateDer)))
            .ValidatePem(certificatePem, now, CertificatePurpose.Signing, CertificateRole.Admin);
        return verdict.Identity
            ?? throw new CliException($"the certificate is not an admin certificate of a current organisation of epoch {current.Epoch} ({string.Join(", ", current.Roster.Organisations.Select(o => o.Name))}): {verdict.Reason}: {verdict.Detail}");
    }
}
