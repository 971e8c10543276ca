using Ledger.Crypto;
using Ledger.Execution;
using Ledger.Membership;
using Ledger.Transactions;

namespace Ledger.Node.Mempool;

/// <summary>
/// Admission on the real ledger: decode with the ledger's codec, verify signature batches with
/// the foundation's <see cref="ParallelVerifier"/> and record them in the ledger's verified-id
/// cache (so execution of a proposal holding them skips the curve arithmetic), then the ledger's
/// own admission rules against the committed state. A Revoke (an organisation CA's CRL) is
/// admitted too: it carries no client signature, and its CA signature is judged here against
/// genesis (and again, at block time, by execution), so a forged CRL never reaches a proposal.
/// </summary>
public sealed class LedgerAdmission(LedgerEngine ledger, MembershipAuthority membership, RecentCommits recent) : ITransactionAdmission
{
    public AdmissionInspection Inspect(ReadOnlyMemory<byte> transaction)
    {
        Transaction decoded;
        try
        {
            decoded = TransactionCodec.Decode(transaction.Span, ledger.Rules.Limits.MaxTransactionBytes);
        }
        catch (FormatException ex)
        {
            return AdmissionInspection.Reject(Hash32.Sha256(transaction.Span), transaction, "Malformed", $"not a valid transaction: {ex.Message}");
        }

        if (decoded is Revoke revoke)
        {
            return new AdmissionInspection(revoke.Id, transaction, null, "decoded", SignatureAlreadyVerified: true, revoke) { Sender = "organisation " + revoke.Organisation };
        }

        if (decoded is not Transfer transfer)
        {
            return AdmissionInspection.Reject(decoded.Id, transaction, "NotATransfer", $"clients submit transfers and revocations here, not {decoded.Kind}");
        }

        return new AdmissionInspection(transfer.Id, transaction, null, "decoded", ledger.VerifiedCache.Contains(transfer.Id), transfer) { Sender = transfer.From.ToHex() };
    }

    public IReadOnlyList<bool> VerifySignatures(IReadOnlyList<AdmissionInspection> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        // Revocations are marked already verified at inspection, so every item here is a transfer.
        var transfers = batch.Select(b => (Transfer)b.State!).ToList();
        var verdicts = ParallelVerifier.Verify(transfers.Select(t => new VerificationItem(t.From, t.SigningBytes(), t.Signature)).ToList());
        for (var i = 0; i < verdicts.Length; i++)
        {
            if (verdicts[i])
            {
                ledger.VerifiedCache.Add(transfers[i].Id);
            }
        }

        return verdicts;
    }

    public (string Code, string Message)? CheckRules(AdmissionInspection inspection, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        if (inspection.State is Revoke revoke)
        {
            var decision = membership.JudgeRevocation(revoke, now.ToUnixTimeMilliseconds());
            return decision.Status == ReceiptStatus.Success ? null : (decision.Status.ToString(), decision.Detail);
        }

        var result = ledger.CheckTransfer((Transfer)inspection.State!, now.ToUnixTimeMilliseconds());
        if (result.Accepted)
        {
            return null;
        }

        var code = result.Verdict == AdmissionVerdict.RuleViolation ? result.Rule.ToString() : result.Verdict.ToString();
        return (code, result.Detail);
    }

    public ulong? CommittedHeight(AdmissionInspection inspection)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        if (inspection.State is Transfer transfer)
        {
            var height = recent.Lookup(transfer.Id, transfer.TimestampMs, ledger.Rules.MaxClockSkewMs, out var unknown);
            if (!unknown)
            {
                return height;
            }
        }

        // The in-memory index only (it has its own lock): reading the block under the store gate
        // that commits take, or building a proof, would be wasted on a height.
        return ledger.CommittedHeightOf(inspection.Id);
    }
}
