using Ledger.Crypto;

namespace Ledger.Node.Mempool;

/// <summary>
/// The ledger's side of admission, behind a narrow seam so the mempool's own rules (dedup,
/// capacity, ordering) are testable alone. <see cref="Inspect"/> does the cheap checks (decode,
/// chain id, time window, enrolled sender, nonce unseen); <see cref="VerifySignatures"/> does the
/// expensive one for a whole batch at once, on all cores, and remembers what it verified.
/// </summary>
public interface ITransactionAdmission
{
    AdmissionInspection Inspect(ReadOnlyMemory<byte> transaction, DateTimeOffset now);

    /// <summary>One verdict per item, in order; true when the signature is valid.</summary>
    IReadOnlyList<bool> VerifySignatures(IReadOnlyList<AdmissionInspection> batch);

    /// <summary>The height at which a transaction committed, if it did.</summary>
    ulong? CommittedHeight(Hash32 transactionId);
}
