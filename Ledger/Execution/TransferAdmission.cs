using Ledger.State;
using Ledger.Transactions;

namespace Ledger.Execution;

/// <summary>
/// The mempool's cheap check of one transfer against the latest committed state, with the
/// same rules execution applies (<see cref="TransferRules"/>), judged at the caller's "now"
/// instead of a block time. State checks run before the signature, so junk from unknown
/// senders costs no curve arithmetic; a verified signature is remembered in the cache.
/// </summary>
public static class TransferAdmission
{
    /// <param name="signatures">The client signature check; <see cref="Ed25519ClientSignatureCheck"/> unless given.</param>
    public static AdmissionResult Check(Transfer transfer, LedgerState committed, LedgerRules rules, long nowMs, VerifiedTransactionCache? verified, IClientSignatureCheck? signatures = null)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        ArgumentNullException.ThrowIfNull(committed);
        ArgumentNullException.ThrowIfNull(rules);
        if (!string.Equals(transfer.ChainId, rules.ChainId, StringComparison.Ordinal))
        {
            return new AdmissionResult(AdmissionVerdict.WrongChainId, ReceiptStatus.Success, $"chain '{transfer.ChainId}' is not '{rules.ChainId}'");
        }

        if (transfer.EncodedLength > rules.Limits.MaxTransactionBytes)
        {
            return new AdmissionResult(AdmissionVerdict.TooLarge, ReceiptStatus.Success, $"{transfer.EncodedLength} bytes, the limit is {rules.Limits.MaxTransactionBytes}");
        }

        Account? sender = committed.TryGetAccount(transfer.From, out Account s) ? s : null;
        Account? recipient = committed.TryGetAccount(transfer.To, out Account r) ? r : null;
        bool seen = committed.Seen.TryGet(TransferRules.SeenKey(transfer), out long expiry) && expiry >= nowMs;
        ReceiptStatus status = TransferRules.Check(transfer, nowMs, rules, sender, recipient, seen);
        if (status != ReceiptStatus.Success)
        {
            return new AdmissionResult(AdmissionVerdict.RuleViolation, status, Describe(status, transfer, sender, nowMs));
        }

        if (!(verified?.Contains(transfer.Id) ?? false))
        {
            if ((signatures ?? Ed25519ClientSignatureCheck.Instance).FirstInvalid([transfer], [0]) >= 0)
            {
                return new AdmissionResult(AdmissionVerdict.BadSignature, ReceiptStatus.Success, $"signature does not verify under {transfer.From.ToShortHex()}");
            }

            verified?.Add(transfer.Id);
        }

        return AdmissionResult.Accept;
    }

    private static string Describe(ReceiptStatus status, Transfer transfer, Account? sender, long nowMs) => status switch
    {
        ReceiptStatus.ZeroAmount => "amount must be positive",
        ReceiptStatus.TimestampTooOld or ReceiptStatus.TimestampTooNew => $"timestamp {transfer.TimestampMs} is outside the window around {nowMs}",
        ReceiptStatus.UnknownSender => $"sender {transfer.From.ToShortHex()} is not enrolled",
        ReceiptStatus.SenderRevoked => $"sender {transfer.From.ToShortHex()} is revoked",
        ReceiptStatus.UnknownRecipient => $"recipient {transfer.To.ToShortHex()} is not enrolled",
        ReceiptStatus.RecipientRevoked => $"recipient {transfer.To.ToShortHex()} is revoked",
        ReceiptStatus.Replay => $"nonce {transfer.Nonce} of {transfer.From.ToShortHex()} was already accepted",
        ReceiptStatus.InsufficientFunds => $"balance {sender?.Balance ?? 0} is below {transfer.Amount}",
        _ => status.ToString(),
    };
}
