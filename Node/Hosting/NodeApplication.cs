using Ledger.Crypto.Pki;
using Ledger.Node.Mempool;
using Ledger.Node.Runtime;

namespace Ledger.Node.Hosting;

/// <summary>
/// The consensus core and the ledger as the node runs them, behind the node's seams. Built once
/// at start by a <see cref="NodeApplicationFactory"/> from the loaded configuration.
/// </summary>
public sealed record NodeApplication(
    IReplicaEngine Engine,
    ILedgerBackend Ledger,
    ILedgerQueries Queries,
    ITransactionAdmission Admission,
    Func<RevocationList> LedgerRevocations,
    IDisposable? Resources);
