using Ledger.Crypto;
using Ledger.Crypto.Pki;
using Ledger.Epochs;
using Ledger.State;
using Ledger.Transactions;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Ledger.Execution;

/// <summary>
/// The rules of a <see cref="ValidatorSetChange"/> (docs/PROTOCOL.md, "ValidatorSetChange"),
/// judged at a block's time (or admission's "now") against the epoch and roster in force and the
/// ledger's revocations, the same way on every replica. One check per rule, in the documented
/// order; the first that fails is the receipt status.
/// </summary>
public static class ValidatorSetChangeRules
{
    /// <summary>A change never takes a network below this many validators (one fault tolerated); a smaller network may grow but not shrink.</summary>
    public const int MinimumValidators = 4;

    public const string DisabledDetail = "validator-set changes are not enabled on this node";

    public static ValidatorSetChangeDecision Judge(
        ValidatorSetChange change, ulong epoch, ValidatorRoster roster, Func<Hash32, bool> isRevoked, long atMs, LedgerRules rules)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(isRevoked);
        ArgumentNullException.ThrowIfNull(rules);

        // Off until the consensus core switches sets at epoch boundaries: a committed change would
        // otherwise leave the ledger and consensus disagreeing on who the validators are.
        if (!rules.ValidatorSetChangesEnabled)
        {
            return ValidatorSetChangeDecision.Refuse(ReceiptStatus.ValidatorSetChangesDisabled, DisabledDetail);
        }

        // A change applies to exactly the epoch it was approved for, so it applies once.
        if (change.TargetEpoch <= epoch)
        {
            return ValidatorSetChangeDecision.Refuse(ReceiptStatus.StaleEpoch, $"the change targets epoch {change.TargetEpoch}, the ledger is already in epoch {epoch}");
        }

        if (change.TargetEpoch > epoch + 1)
        {
            return ValidatorSetChangeDecision.Refuse(ReceiptStatus.FutureEpoch, $"the change targets epoch {change.TargetEpoch}, the ledger is in epoch {epoch} (a change begins epoch {epoch + 1})");
        }

        DateTimeOffset at = DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(atMs, 0, 253402300799999));
        if (JudgeApprovals(change, roster, isRevoked, at) is { } refused)
        {
            return refused;
        }

        var organisations = new List<OrganisationEntry>(roster.Organisations);
        var validators = new List<ValidatorEntry>(roster.Validators);
        for (int i = 0; i < change.Operations.Count; i++)
        {
            ValidatorSetChangeDecision? failed = change.Operations[i] switch
            {
                AddOrganisation add => Add(add, organisations, validators, isRevoked, at),
                RemoveOrganisation remove => Remove(remove, organisations, validators),
                ReplaceConsensusKey replace => ReplaceKey(replace, organisations, validators, isRevoked, at),
                ReplaceTlsCertificate replace => ReplaceTls(replace, organisations, validators, isRevoked, at),
                _ => ValidatorSetChangeDecision.Refuse(ReceiptStatus.ValidatorCertificateInvalid, $"unknown operation {change.Operations[i].Kind}"),
            };
            if (failed is not null)
            {
                return failed with { Detail = $"operation {i} ({change.Operations[i].Kind}): {failed.Detail}" };
            }
        }

        return JudgeSize(roster, organisations, validators) ?? new ValidatorSetChangeDecision(ReceiptStatus.Success, "", ValidatorRoster.Create(organisations, validators));
    }

    // A quorum of the current organisations approves: each approval is an admin certificate of a
    // current organisation's CA, valid at block time, not revoked on the ledger, whose key signed
    // the change; an organisation approving twice counts once.
    private static ValidatorSetChangeDecision? JudgeApprovals(ValidatorSetChange change, ValidatorRoster roster, Func<Hash32, bool> isRevoked, DateTimeOffset at)
    {
        byte[] signingBytes = change.SigningBytes();
        var approving = new SortedSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < change.Approvals.Count; i++)
        {
            AdminApproval approval = change.Approvals[i];
            CertificateValidationResult result = roster.Certificates.ValidateDer(approval.CertificateDer, at, CertificatePurpose.Signing, CertificateRole.Admin);
            if (result.Identity is not { } admin)
            {
                return ValidatorSetChangeDecision.Refuse(ApprovalStatusOf(result.Reason), $"approval {i}: {result.Reason}: {result.Detail}");
            }

            if (isRevoked(CertificateIds.Of(admin.Organisation, admin.SerialHex)))
            {
                return ValidatorSetChangeDecision.Refuse(ReceiptStatus.ApprovalRevoked, $"approval {i}: the admin certificate {admin.SerialHex} of '{admin.Organisation}' is revoked on the ledger");
            }

            if (admin.SigningKey is not { } key || !Ed25519.Verify(key, signingBytes, approval.Signature))
            {
                return ValidatorSetChangeDecision.Refuse(ReceiptStatus.ApprovalBadSignature, $"approval {i}: the signature of '{admin.Name}' ({admin.Organisation}) does not verify over the change");
            }

            approving.Add(admin.Organisation);
        }

        int quorum = roster.OrganisationQuorum;
        return approving.Count >= quorum
            ? null
            : ValidatorSetChangeDecision.Refuse(ReceiptStatus.InsufficientApprovals,
                $"{approving.Count} of {roster.Organisations.Count} organisations approve ({string.Join(", ", approving)}), a quorum is {quorum}");
    }

    private static ReceiptStatus ApprovalStatusOf(CertificateRejection? reason) => reason switch
    {
        CertificateRejection.WrongRole => ReceiptStatus.ApprovalNotAdmin,
        CertificateRejection.UnknownCa or CertificateRejection.BadSignature or CertificateRejection.IssuerNotCa
            or CertificateRejection.OrganisationMismatch => ReceiptStatus.ApprovalUntrusted,
        CertificateRejection.Revoked => ReceiptStatus.ApprovalRevoked,
        _ => ReceiptStatus.ApprovalCertificateInvalid,
    };

    private static ValidatorSetChangeDecision? Add(AddOrganisation add, List<OrganisationEntry> organisations, List<ValidatorEntry> validators, Func<Hash32, bool> isRevoked, DateTimeOffset at)
    {
        if (organisations.Exists(o => string.Equals(o.Name, add.Organisation, StringComparison.Ordinal)))
        {
            return ValidatorSetChangeDecision.Refuse(ReceiptStatus.DuplicateOrganisation, $"organisation '{add.Organisation}' is already in the roster");
        }

        X509Certificate ca;
        try
        {
            ca = PkiPem.ParseCertificateDer(add.CaCertificateDer);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IOException)
        {
            return ValidatorSetChangeDecision.Refuse(ReceiptStatus.ValidatorCertificateInvalid, $"the CA certificate is unreadable: {e.Message}");
        }

        string? named = CertificateNames.Get(ca.SubjectDN, X509Name.O);
        if (!string.Equals(named, add.Organisation, StringComparison.Ordinal))
        {
            return ValidatorSetChangeDecision.Refuse(ReceiptStatus.ValidatorCertificateInvalid, $"the CA certificate names organisation '{named}', not '{add.Organisation}'");
        }

        if (validators.Exists(v => v.ConsensusKey == add.ConsensusKey))
        {
            return ValidatorSetChangeDecision.Refuse(ReceiptStatus.DuplicateConsensusKey, $"consensus key {add.ConsensusKey.ToShortHex()} is already a validator's");
        }

        var judge = new CertificateValidator([ca]);
        if (CheckSigning(judge, add.Organisation, add.ConsensusKey, add.SigningCertificateDer, isRevoked, at, out string? name) is { } badSigning)
        {
            return badSigning;
        }

        if (CheckTls(judge, add.Organisation, name, add.TlsCertificateDer, isRevoked, at) is { } badTls)
        {
            return badTls;
        }

        organisations.Add(new OrganisationEntry(add.Organisation, add.CaCertificateDer));
        validators.Add(new ValidatorEntry(add.Organisation, add.ConsensusKey, add.SigningCertificateDer, add.TlsCertificateDer));
        return null;
    }

    private static ValidatorSetChangeDecision? Remove(RemoveOrganisation remove, List<OrganisationEntry> organisations, List<ValidatorEntry> validators)
    {
        if (organisations.RemoveAll(o => string.Equals(o.Name, remove.Organisation, StringComparison.Ordinal)) == 0)
        {
            return ValidatorSetChangeDecision.Refuse(ReceiptStatus.UnknownOrganisation, $"organisation '{remove.Organisation}' is not in the roster");
        }

        validators.RemoveAll(v => string.Equals(v.Organisation, remove.Organisation, StringComparison.Ordinal));
        return null;
    }

    private static ValidatorSetChangeDecision? ReplaceKey(ReplaceConsensusKey replace, List<OrganisationEntry> organisations, List<ValidatorEntry> validators, Func<Hash32, bool> isRevoked, DateTimeOffset at)
    {
        int index = validators.FindIndex(v => v.ConsensusKey == replace.CurrentKey);
        if (index < 0)
        {
            return ValidatorSetChangeDecision.Refuse(ReceiptStatus.UnknownValidator, $"no validator has consensus key {replace.CurrentKey.ToShortHex()}");
        }

        if (replace.NewKey != replace.CurrentKey && validators.Exists(v => v.ConsensusKey == replace.NewKey))
        {
            return ValidatorSetChangeDecision.Refuse(ReceiptStatus.DuplicateConsensusKey, $"consensus key {replace.NewKey.ToShortHex()} is already a validator's");
        }

        ValidatorEntry validator = validators[index];
        CertificateValidator judge = JudgeFor(organisations, validator.Organisation);
        if (CheckSigning(judge, validator.Organisation, replace.NewKey, replace.SigningCertificateDer, isRevoked, at, out string? name) is { } bad)
        {
            return bad;
        }

        if (!string.Equals(name, CommonNameOf(validator.TlsCertificateDer), StringComparison.Ordinal))
        {
            return ValidatorSetChangeDecision.Refuse(ReceiptStatus.ValidatorCertificateInvalid, $"the new signing certificate names '{name}', the validator's TLS certificate '{CommonNameOf(validator.TlsCertificateDer)}'");
        }

        validators[index] = validator with { ConsensusKey = replace.NewKey, SigningCertificateDer = replace.SigningCertificateDer };
        return null;
    }

    private static ValidatorSetChangeDecision? ReplaceTls(ReplaceTlsCertificate replace, List<OrganisationEntry> organisations, List<ValidatorEntry> validators, Func<Hash32, bool> isRevoked, DateTimeOffset at)
    {
        int index = validators.FindIndex(v => v.ConsensusKey == replace.ConsensusKey);
        if (index < 0)
        {
            return ValidatorSetChangeDecision.Refuse(ReceiptStatus.UnknownValidator, $"no validator has consensus key {replace.ConsensusKey.ToShortHex()}");
        }

        ValidatorEntry validator = validators[index];
        if (CheckTls(JudgeFor(organisations, validator.Organisation), validator.Organisation, CommonNameOf(validator.SigningCertificateDer), replace.TlsCertificateDer, isRevoked, at) is { } bad)
        {
            return bad;
        }

        validators[index] = validator with { TlsCertificateDer = replace.TlsCertificateDer };
        return null;
    }

    // Never below MinimumValidators (nor below what a smaller network already has), never empty, never more than a QC can name.
    private static ValidatorSetChangeDecision? JudgeSize(ValidatorRoster current, List<OrganisationEntry> organisations, List<ValidatorEntry> validators)
    {
        int floor = Math.Max(1, Math.Min(MinimumValidators, current.Validators.Count));
        if (validators.Count < floor)
        {
            return ValidatorSetChangeDecision.Refuse(ReceiptStatus.ValidatorSetTooSmall, $"the change leaves {validators.Count} validators, the least is {floor} (a change never takes a network below {MinimumValidators} validators, nor shrinks a smaller one)");
        }

        return validators.Count > ValidatorRoster.MaxValidators || organisations.Count > ValidatorRoster.MaxOrganisations
            ? ValidatorSetChangeDecision.Refuse(ReceiptStatus.ValidatorSetTooLarge, $"the change leaves {validators.Count} validators of {organisations.Count} organisations, the limit is {ValidatorRoster.MaxValidators}")
            : null;
    }

    // The signing certificate passes the strict profile for the organisation's CA at block time
    // with role validator, binds exactly the consensus key and is not revoked on the ledger.
    private static ValidatorSetChangeDecision? CheckSigning(CertificateValidator judge, string organisation, PublicKey key, byte[] der, Func<Hash32, bool> isRevoked, DateTimeOffset at, out string? name)
    {
        name = null;
        CertificateValidationResult result = judge.ValidateDer(der, at, CertificatePurpose.Signing, CertificateRole.Validator);
        if (result.Identity is not { } identity)
        {
            return ValidatorSetChangeDecision.Refuse(ReceiptStatus.ValidatorCertificateInvalid, $"signing certificate: {result.Reason}: {result.Detail}");
        }

        name = identity.Name;
        if (!string.Equals(identity.Organisation, organisation, StringComparison.Ordinal) || identity.SigningKey != key)
        {
            return ValidatorSetChangeDecision.Refuse(ReceiptStatus.ValidatorCertificateInvalid, $"the signing certificate binds {identity.SigningKey?.ToShortHex()} of '{identity.Organisation}', not {key.ToShortHex()} of '{organisation}'");
        }

        return isRevoked(CertificateIds.Of(identity.Organisation, identity.SerialHex))
            ? ValidatorSetChangeDecision.Refuse(ReceiptStatus.CertificateRevoked, $"the signing certificate {identity.SerialHex} of '{organisation}' is revoked on the ledger")
            : null;
    }

    // The TLS certificate passes the profile for TLS with role validator, for the same organisation
    // and subject name as the validator's signing certificate, and is not revoked on the ledger.
    private static ValidatorSetChangeDecision? CheckTls(CertificateValidator judge, string organisation, string? name, byte[] der, Func<Hash32, bool> isRevoked, DateTimeOffset at)
    {
        CertificateValidationResult result = judge.ValidateDer(der, at, CertificatePurpose.Tls, CertificateRole.Validator);
        if (result.Identity is not { } identity)
        {
            return ValidatorSetChangeDecision.Refuse(ReceiptStatus.ValidatorCertificateInvalid, $"TLS certificate: {result.Reason}: {result.Detail}");
        }

        if (!string.Equals(identity.Organisation, organisation, StringComparison.Ordinal) || !string.Equals(identity.Name, name, StringComparison.Ordinal))
        {
            return ValidatorSetChangeDecision.Refuse(ReceiptStatus.ValidatorCertificateInvalid, $"the TLS certificate names '{identity.Name}' of '{identity.Organisation}', the signing certificate '{name}' of '{organisation}'");
        }

        return isRevoked(CertificateIds.Of(identity.Organisation, identity.SerialHex))
            ? ValidatorSetChangeDecision.Refuse(ReceiptStatus.CertificateRevoked, $"the TLS certificate {identity.SerialHex} of '{organisation}' is revoked on the ledger")
            : null;
    }

    private static CertificateValidator JudgeFor(List<OrganisationEntry> organisations, string organisation) =>
        new([PkiPem.ParseCertificateDer(organisations.Find(o => string.Equals(o.Name, organisation, StringComparison.Ordinal))!.CaCertificateDer)]);

    private static string? CommonNameOf(byte[] der)
    {
        try
        {
            return CertificateNames.Get(PkiPem.ParseCertificateDer(der).SubjectDN, X509Name.CN);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IOException)
        {
            return null;
        }
    }
}
