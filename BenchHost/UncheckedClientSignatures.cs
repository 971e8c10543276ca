using Ledger.Execution;
using Ledger.Transactions;

namespace Ledger.BenchHost;

/// <summary>
/// Accepts every client signature without looking at it: the `none` scheme of `ledger bench node`,
/// which shows what the Ed25519 checks cost by leaving them out. Consensus signatures (votes,
/// QCs, timeouts) are still checked. Internal to this host: nothing else can construct it.
/// </summary>
internal sealed class UncheckedClientSignatures : IClientSignatureCheck
{
    public bool Verify(Transaction transaction) => true;

    public int FirstInvalid(IReadOnlyList<Transaction> transactions, IReadOnlyList<int> pending) => -1;
}
