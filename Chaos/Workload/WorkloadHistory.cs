using System.Collections.Concurrent;
using Ledger.Crypto;
using Ledger.Transactions;

namespace Ledger.Chaos.Workload;

/// <summary>
/// What the workload did, recorded as it happened, from many threads: every transfer it signed
/// (before it could be sent), every commit it was shown with a verified proof, every transfer a
/// node accepted, refusals by reason, and the balances it read. The checks judge the chain
/// against this record at the end.
/// </summary>
public sealed class WorkloadHistory
{
    private readonly ConcurrentDictionary<Hash32, SignedTransfer> _signed = new();
    private readonly ConcurrentDictionary<Hash32, ulong> _proven = new();
    private readonly ConcurrentDictionary<Hash32, byte> _accepted = new();
    private readonly ConcurrentDictionary<string, int> _refusals = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<BalanceObservation> _balances = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private long _unknown;

    public IReadOnlyDictionary<Hash32, SignedTransfer> Signed => _signed;

    /// <summary>Transfers shown committed with a proof verified against genesis: id -> committed height.</summary>
    public IReadOnlyDictionary<Hash32, ulong> Proven => _proven;

    /// <summary>Transfers a node said it accepted (or already held); acknowledged only if later found committed.</summary>
    public bool WasAccepted(Hash32 id) => _accepted.ContainsKey(id);

    public IReadOnlyDictionary<string, int> Refusals => _refusals;

    public IReadOnlyCollection<BalanceObservation> Balances => _balances;

    /// <summary>Outcomes the client could not know when it stopped waiting (they may still have committed).</summary>
    public long Unknown => Interlocked.Read(ref _unknown);

    /// <summary>Call before the transfer can leave: anything committed that is not here was never sent by the workload.</summary>
    public void RecordSigned(Transfer transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        _signed.TryAdd(transfer.Id, new SignedTransfer(transfer.Id, transfer.From, transfer.To, transfer.Amount));
    }

    public void RecordProven(Hash32 id, ulong height) => _proven[id] = height;

    public void RecordAccepted(Hash32 id) => _accepted.TryAdd(id, 0);

    public void RecordRefused(string code) => _refusals.AddOrUpdate(code, 1, (_, n) => n + 1);

    public void RecordUnknown() => Interlocked.Increment(ref _unknown);

    public void RecordBalance(BalanceObservation observation) => _balances.Enqueue(observation);

    /// <summary>Something the workload did not expect (an exception from the client library); the first few are reported.</summary>
    public void RecordError(string error)
    {
        if (_errors.Count < 100)
        {
            _errors.Enqueue(error);
        }
    }

    public IReadOnlyCollection<string> Errors => _errors;
}
