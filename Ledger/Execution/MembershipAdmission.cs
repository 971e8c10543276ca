using Ledger.Membership;
using Ledger.State;
using Ledger.Transactions;

namespace Ledger.Execution;

/// <summary>
/// The mempool's check of an Enroll or a Revoke against the latest committed state, with the
/// rules execution applies ("Execution rules" in docs/PROTOCOL.md), judged at the caller's "now"
/// instead of a block time. Its purpose is a clear early refusal (a client learns at once that a
/// certificate is expired, of the wrong role or already enrolled) and keeping transactions that
/// could only fail out of proposals; execution judges again at block time and decides.
/// Signatures are not checked here: an Enroll's proof of possession is verified in the mempool's
/// signature batch, a Revoke carries its CA's signature on the CRL, judged here.
/// </summary>
public static class MembershipAdmission
{
    public static AdmissionResult CheckEnroll(Enroll enroll, LedgerState committed, LedgerRules rules, MembershipAuthority membership, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(enroll);
        ArgumentNullException.ThrowIfNull(committed);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(membership);
        if (WrongChain(enroll, rules) is { } wrong)
        {
            return wrong;
        }

        EnrollmentDecision decision = membership.JudgeCertificate(enroll.CertificateDer, enroll.MemberKey, nowMs);
        if (decision.Status != ReceiptStatus.Success)
        {
            return new AdmissionResult(AdmissionVerdict.RuleViolation, decision.Status, decision.Detail);
        }

        if (committed.IsCertificateRevoked(decision.CertificateId))
        {
            return new AdmissionResult(AdmissionVerdict.RuleViolation, ReceiptStatus.CertificateRevoked, $"certificate of '{decision.Detail}' is revoked on the ledger");
        }

        if (committed.TryGetAccount(enroll.MemberKey, out _))
        {
            return new AdmissionResult(AdmissionVerdict.RuleViolation, ReceiptStatus.AlreadyEnrolled, $"key {enroll.MemberKey.ToShortHex()} is already enrolled");
        }

        return AdmissionResult.Accept;
    }

    public static AdmissionResult CheckRevoke(Revoke revoke, LedgerRules rules, MembershipAuthority membership, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(revoke);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(membership);
        if (WrongChain(revoke, rules) is { } wrong)
        {
            return wrong;
        }

        RevocationDecision decision = membership.JudgeRevocation(revoke, nowMs);
        return decision.Status == ReceiptStatus.Success ? AdmissionResult.Accept : new AdmissionResult(AdmissionVerdict.RuleViolation, decision.Status, decision.Detail);
    }

    /// <summary>
    /// A validator-set change against the committed epoch, roster and revocations at the caller's
    /// "now" (<see cref="ValidatorSetChangeRules"/>); refused while the rules do not enable changes.
    /// </summary>
    public static AdmissionResult CheckValidatorSetChange(ValidatorSetChange change, LedgerState committed, LedgerRules rules, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(committed);
        ArgumentNullException.ThrowIfNull(rules);
        if (WrongChain(change, rules) is { } wrong)
        {
            return wrong;
        }

        ValidatorSetChangeDecision decision = ValidatorSetChangeRules.Judge(change, committed.Epoch, committed.Roster, committed.IsCertificateRevoked, nowMs, rules);
        return decision.Succeeded ? AdmissionResult.Accept : new AdmissionResult(AdmissionVerdict.RuleViolation, decision.Status, decision.Detail);
    }

    // A transaction for another chain makes the whole block invalid, so it must never reach a proposal.
    private static AdmissionResult? WrongChain(Transaction transaction, LedgerRules rules) =>
        string.Equals(transaction.ChainId, rules.ChainId, StringComparison.Ordinal)
            ? null
            : new AdmissionResult(AdmissionVerdict.WrongChainId, ReceiptStatus.Success, $"chain '{transaction.ChainId}' is not '{rules.ChainId}'");
}
