using Ledger.Crypto;
using Ledger.Execution;
using Ledger.Transactions;

namespace Ledger.Node.Mempool;

/// <summary>
/// Admission on the real ledger: decode with the ledger's codec, verify signature batches with
/// the ledger's client signature check (<see cref="LedgerEngine.ClientSignatures"/>: Ed25519 on every
/// ordinary node) on the node's verifier threads (<see cref="SignatureVerifierPool"/>, off the .NET
/// thread pool that consensus needs) and record them in the ledger's verified-id
/// cache (so execution of a proposal holding them skips the curve arithmetic), then the ledger's
/// own admission rules against the committed state. Enroll and Revoke are admitted too
/// (<see cref="MembershipAdmission"/>): an Enroll's proof of possession is verified in the same
/// signature batch as transfers and its certificate judged against the committed state's
/// organisations (<see cref="Ledger.Epochs.ValidatorRoster.Membership"/>: the current epoch's, as
/// execution judges) and revocations; a Revoke carries no client signature, and its CA signature is
/// judged here against the same organisations (and again, at block time, by execution), so a forged
/// CRL never reaches a proposal.
/// A validator-set change is judged by its rules too, against the committed epoch and roster.
/// </summary>
public sealed class LedgerAdmission(LedgerEngine ledger, RecentCommits recent, SignatureVerifierPool verifiers) : ITransactionAdmission
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

        // Its authority is the admins' approvals, judged with the rules (no client signature);
        // while changes are not enabled the rules refuse it with ValidatorSetChangesDisabled.
        if (decoded is ValidatorSetChange change)
        {
            return new AdmissionInspection(change.Id, transaction, null, "decoded", SignatureAlreadyVerified: true, change) { Sender = "validator-set change" };
        }

        if (decoded is not (Transfer or Enroll))
        {
            return AdmissionInspection.Reject(decoded.Id, transaction, "NotATransfer", $"clients submit transfers, enrolments and revocations here, not {decoded.Kind}");
        }

        // The sender a per-sender mempool quota counts against: a transfer's payer, an enrolment's member key.
        string sender = decoded is Transfer transfer ? transfer.From.ToHex() : "enrolment " + ((Enroll)decoded).MemberKey.ToHex();
        return new AdmissionInspection(decoded.Id, transaction, null, "decoded", ledger.VerifiedCache.Contains(decoded.Id), decoded) { Sender = sender };
    }

    public async Task<IReadOnlyList<bool>?> VerifySignaturesAsync(IReadOnlyList<AdmissionInspection> batch, bool waitForRoom, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(batch);
        // Revocations are marked already verified at inspection, so every item here is a transfer
        // or an enrolment (whose signature is the member's proof of possession).
        var transactions = batch.Select(b => (Transaction)b.State!).ToList();
        var check = ledger.ClientSignatures;
        bool Verify(int i) => check.Verify(transactions[i]);
        var verdicts = waitForRoom
            ? await verifiers.VerifyAsync(transactions.Count, Verify, ct).ConfigureAwait(false)
            : verifiers.TryVerify(transactions.Count, Verify) is { } queued ? await queued.ConfigureAwait(false) : null;
        if (verdicts is null)
        {
            return null;
        }

        for (var i = 0; i < verdicts.Length; i++)
        {
            if (verdicts[i])
            {
                ledger.VerifiedCache.Add(transactions[i].Id);
            }
        }

        return verdicts;
    }

    public (string Code, string Message)? CheckRules(AdmissionInspection inspection, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        long nowMs = now.ToUnixTimeMilliseconds();
        var committed = ledger.Committed.State;
        var result = inspection.State switch
        {
            Revoke revoke => MembershipAdmission.CheckRevoke(revoke, ledger.Rules, committed.Roster.Membership, nowMs),
            ValidatorSetChange change => MembershipAdmission.CheckValidatorSetChange(change, committed, ledger.Rules, nowMs),
            Enroll enroll => MembershipAdmission.CheckEnroll(enroll, committed, ledger.Rules, committed.Roster.Membership, nowMs),
            _ => ledger.CheckTransfer((Transfer)inspection.State!, nowMs),
        };
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
