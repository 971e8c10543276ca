namespace Ledger.Node.Mempool;

/// <summary>
/// The ledger's side of admission, behind a narrow seam so the mempool's own rules (dedup,
/// capacity, ordering) are testable alone. <see cref="Inspect"/> decodes; the pool then verifies
/// the signatures of a whole batch at once (<see cref="VerifySignaturesAsync"/>, on the node's
/// verifier threads, which remembers what it verified so a proposal does not verify it again) and finally asks
/// <see cref="CheckRules"/> for the ledger rules (chain id, time window, enrolled sender and
/// recipient, nonce unseen, funds) against the committed state.
/// </summary>
public interface ITransactionAdmission
{
    AdmissionInspection Inspect(ReadOnlyMemory<byte> transaction);

    /// <summary>
    /// One verdict per item, in order, true when the signature is valid; null when the verifiers'
    /// bounded queue has no room for the batch now and <paramref name="waitForRoom"/> is false, or
    /// the batch is larger than the whole queue. When it is true the call waits for room until
    /// <paramref name="ct"/> ends the wait.
    /// </summary>
    Task<IReadOnlyList<bool>?> VerifySignaturesAsync(IReadOnlyList<AdmissionInspection> batch, bool waitForRoom, CancellationToken ct);

    /// <summary>Null when the ledger rules admit the transaction now, else (code, sentence).</summary>
    (string Code, string Message)? CheckRules(AdmissionInspection inspection, DateTimeOffset now);

    /// <summary>The height at which a transaction (one that passed inspection) committed, if it did.</summary>
    ulong? CommittedHeight(AdmissionInspection inspection);
}
