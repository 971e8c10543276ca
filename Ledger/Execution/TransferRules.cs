using Ledger.Crypto;
using Ledger.State;
using Ledger.Transactions;

namespace Ledger.Execution;

/// <summary>
/// The ledger rules for one transfer, shared by block execution and mempool admission so the two
/// can never disagree. Checks run in this order and the first failure is the reason: amount,
/// time window, sender, recipient, replay, funds, overflow.
/// </summary>
public static class TransferRules
{
    /// <summary>The window rule: T - window &lt;= timestamp &lt;= T + skew, computed without overflow.</summary>
    public static ReceiptStatus CheckWindow(long transferTimestampMs, long blockTimestampMs, LedgerRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Int128 delta = (Int128)transferTimestampMs - blockTimestampMs;
        if (delta < -(Int128)rules.ReplayWindowMs)
        {
            return ReceiptStatus.TimestampTooOld;
        }

        return delta > rules.MaxClockSkewMs ? ReceiptStatus.TimestampTooNew : ReceiptStatus.Success;
    }

    /// <summary>
    /// Every rule but replay. <paramref name="sender"/> and <paramref name="recipient"/> are null
    /// when not enrolled; for a self-transfer both are the same account.
    /// </summary>
    public static ReceiptStatus Check(Transfer transfer, long blockTimestampMs, LedgerRules rules, Account? sender, Account? recipient, bool seen)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        if (transfer.Amount == 0)
        {
            return ReceiptStatus.ZeroAmount;
        }

        ReceiptStatus window = CheckWindow(transfer.TimestampMs, blockTimestampMs, rules);
        if (window != ReceiptStatus.Success)
        {
            return window;
        }

        if (sender is not { } from)
        {
            return ReceiptStatus.UnknownSender;
        }

        if (!from.IsActive)
        {
            return ReceiptStatus.SenderRevoked;
        }

        if (recipient is not { } to)
        {
            return ReceiptStatus.UnknownRecipient;
        }

        if (!to.IsActive)
        {
            return ReceiptStatus.RecipientRevoked;
        }

        if (seen)
        {
            return ReceiptStatus.Replay;
        }

        if (from.Balance < transfer.Amount)
        {
            return ReceiptStatus.InsufficientFunds;
        }

        // A self-transfer debits and credits one balance: it cannot overflow and moves nothing.
        if (transfer.From != transfer.To && to.Balance > ulong.MaxValue - transfer.Amount)
        {
            return ReceiptStatus.BalanceOverflow;
        }

        return ReceiptStatus.Success;
    }

    /// <summary>When a (sender, nonce) seen at a transfer with this timestamp may leave the seen-set.</summary>
    public static long ExpiryOf(long transferTimestampMs, LedgerRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        long expiry = transferTimestampMs + rules.ReplayWindowMs;
        return expiry < transferTimestampMs ? long.MaxValue : expiry;
    }

    public static Hash32 SeenKey(Transfer transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        return SeenEntry.TreeKey(transfer.From, transfer.Nonce);
    }
}
