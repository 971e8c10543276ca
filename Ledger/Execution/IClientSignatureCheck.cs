using Ledger.Transactions;

namespace Ledger.Execution;

/// <summary>
/// How a replica checks its clients' signatures (a transfer's payer, an enrolment's proof of
/// possession), in both places it does: admission to the mempool and block execution. Every
/// ordinary node uses <see cref="Ed25519ClientSignatureCheck"/>; the only other implementation
/// lives in the benchmark's own validator host (`ledger bench node --schemes none`), which is
/// not reachable from `ledger node run` or node.json.
/// </summary>
public interface IClientSignatureCheck
{
    /// <summary>
    /// Whether one transaction's client signature verifies. Admission calls it on the node's
    /// verifier threads, a chunk of a batch per thread, so it must be safe to call concurrently.
    /// </summary>
    bool Verify(Transaction transaction);

    /// <summary>
    /// The lowest index in <paramref name="pending"/> (ascending indices into
    /// <paramref name="transactions"/>) whose signature does not verify, or -1 when all do.
    /// </summary>
    int FirstInvalid(IReadOnlyList<Transaction> transactions, IReadOnlyList<int> pending);
}
