using Ledger.Node.Mempool;

namespace Ledger.Node.Tests.Unit;

/// <summary>
/// The mempool tests' synchronous submission: their admissions complete at once (FakeAdmission) or
/// on a test's own verifier threads, so waiting here cannot deadlock.
/// </summary>
internal static class TransactionPoolSubmit
{
    public static IReadOnlyList<SubmitVerdict> Submit(this TransactionPool pool, IReadOnlyList<ReadOnlyMemory<byte>> transactions, DateTimeOffset now) =>
        pool.SubmitAsync(transactions, now).GetAwaiter().GetResult();
}
