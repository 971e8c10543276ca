using System.Diagnostics;
using Ledger.Crypto;
using Ledger.Transactions;

namespace Ledger.Node.Mempool;

/// <summary>
/// Pending transactions in arrival order. Admission runs the ledger's cheap checks one by one,
/// then verifies the surviving signatures as one batch on the node's verifier threads
/// (<see cref="SignatureVerifierPool"/>), awaited without holding a thread. The pool never grows past its
/// capacity: a full pool answers <see cref="SubmitStatus.MempoolFull"/> (RESOURCE_EXHAUSTED on
/// the wire) instead of queueing. No sender holds more than its quota of the pool either
/// (<see cref="SubmitStatus.SenderQuotaExceeded"/>), so one funded account cannot fill it and
/// shut everyone else out. A transaction handed to a proposal stays out of later batches until it
/// commits, or until its lease runs out because that proposal was abandoned.
/// The pool counts what is leased, so whether anything is left to propose (<see cref="HasProposable"/>) is
/// cheap to ask after every event, and keeps the leases in the order they were granted (one
/// queue item per leased transaction, so at most the capacity) to tell when the next one runs out.
/// </summary>
public sealed class TransactionPool
{
    private readonly ITransactionAdmission _admission;
    private readonly int _capacity;
    private readonly int _perSenderQuota;
    private readonly TimeSpan _proposalLease;
    private readonly Lock _gate = new();
    private readonly Dictionary<Hash32, LinkedListNode<Entry>> _byId = [];
    private readonly LinkedList<Entry> _order = new();
    private readonly Dictionary<string, int> _pendingBySender = new(StringComparer.Ordinal);
    private readonly Queue<(Hash32 Id, DateTimeOffset Until)> _leases = new();
    private int _leased;

    /// <param name="perSenderQuota">Most pending transactions of one sender; null for no quota but the capacity.</param>
    public TransactionPool(ITransactionAdmission admission, int capacity, TimeSpan proposalLease, int? perSenderQuota = null)
    {
        ArgumentNullException.ThrowIfNull(admission);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(perSenderQuota ?? capacity, 1);
        _admission = admission;
        _capacity = capacity;
        _perSenderQuota = perSenderQuota ?? capacity;
        _proposalLease = proposalLease;
    }

    /// <summary>Time from handing a signature batch to the verifiers to its verdicts (queueing included), for the metrics.</summary>
    public event Action<TimeSpan>? BatchVerified;

    /// <summary>A transaction refused because the pool, its sender's quota or the verifiers' queue is full, by status.</summary>
    public event Action<SubmitStatus>? LimitReached;

    /// <summary>Pending transactions of <paramref name="sender"/> (as <see cref="AdmissionInspection.Sender"/> names it).</summary>
    public int PendingOf(string sender)
    {
        lock (_gate)
        {
            return _pendingBySender.GetValueOrDefault(sender);
        }
    }

    /// <summary>Raised (outside the pool's lock) after a submission admitted at least one transaction.</summary>
    public event Action? TransactionsAdmitted;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _order.Count;
            }
        }
    }

    public bool Contains(Hash32 id)
    {
        lock (_gate)
        {
            return _byId.ContainsKey(id);
        }
    }

    /// <summary>
    /// Admits a batch; one verdict per input, in order. Changes nothing for refused items. Its
    /// signatures are checked on the verifier threads while this awaits, holding no thread; when
    /// their queue is full the items needing a check are refused
    /// (<see cref="SubmitStatus.VerifiersBusy"/>) unless <paramref name="waitForVerifiers"/>, in
    /// which case it waits for room until <paramref name="ct"/> ends the wait.
    /// </summary>
    public async Task<IReadOnlyList<SubmitVerdict>> SubmitAsync(
        IReadOnlyList<ReadOnlyMemory<byte>> transactions, DateTimeOffset now, bool waitForVerifiers = false, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        var verdicts = new SubmitVerdict?[transactions.Count];
        var toVerify = new List<(int Index, AdmissionInspection Inspection)>();
        var batchIds = new HashSet<Hash32>();
        for (var i = 0; i < transactions.Count; i++)
        {
            var inspection = _admission.Inspect(transactions[i]);
            verdicts[i] = Precheck(inspection, batchIds);
            if (verdicts[i] is null)
            {
                toVerify.Add((i, inspection));
            }
        }

        var signatureVerdicts = await VerifyBatchAsync(toVerify.Select(t => t.Inspection).Where(x => !x.SignatureAlreadyVerified).ToList(), waitForVerifiers, ct).ConfigureAwait(false);
        var next = 0;
        foreach (var (index, inspection) in toVerify)
        {
            if (!inspection.SignatureAlreadyVerified && signatureVerdicts is null)
            {
                verdicts[index] = new SubmitVerdict(SubmitStatus.VerifiersBusy, inspection.Id, "VerifierQueueFull",
                    "this node's signature verifiers have a full queue (limits.verifierQueueItems); retry later");
                continue;
            }

            var valid = inspection.SignatureAlreadyVerified || signatureVerdicts![next++];
            if (!valid)
            {
                verdicts[index] = new SubmitVerdict(SubmitStatus.Rejected, inspection.Id, "BadSignature", "the signature does not verify under the sender's key");
                continue;
            }

            if (_admission.CheckRules(inspection, now) is { } refusal)
            {
                verdicts[index] = new SubmitVerdict(SubmitStatus.Rejected, inspection.Id, refusal.Code, refusal.Message);
                continue;
            }

            lock (_gate)
            {
                verdicts[index] = Add(inspection, now);
            }
        }

        foreach (var verdict in verdicts)
        {
            if (verdict!.Status is SubmitStatus.MempoolFull or SubmitStatus.SenderQuotaExceeded or SubmitStatus.VerifiersBusy)
            {
                LimitReached?.Invoke(verdict.Status);
            }
        }

        if (verdicts.Any(v => v!.Status == SubmitStatus.Accepted))
        {
            TransactionsAdmitted?.Invoke();
        }

        return verdicts.Select(v => v!).ToList();
    }

    /// <summary>
    /// Up to <paramref name="maxCount"/> transactions for a proposal, oldest first, skipping those
    /// already leased to another proposal, whose payload (<see cref="PayloadCodec"/>: the count,
    /// and each transaction with its length prefix) is at most <paramref name="maxPayloadBytes"/>
    /// bytes. The budget is the encoded payload's, not the transactions' alone: a leader that left
    /// out the prefixes built proposals its own consensus core refused.
    /// </summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> TakeForProposal(int maxCount, long maxPayloadBytes, DateTimeOffset now)
    {
        var batch = new List<ReadOnlyMemory<byte>>();
        long bytes = 0;
        lock (_gate)
        {
            for (var node = _order.First; node is not null && batch.Count < maxCount; node = node.Next)
            {
                var entry = node.Value;
                if (entry.LeasedUntil > now || PayloadCodec.EncodedSize(batch.Count + 1, bytes + entry.Bytes.Length) > maxPayloadBytes)
                {
                    continue;
                }

                Lease(entry, now + _proposalLease);
                bytes += entry.Bytes.Length;
                batch.Add(entry.Bytes);
            }
        }

        return batch;
    }

    /// <summary>
    /// Keeps transactions that some proposal (ours or another leader's) already carries out of our
    /// own proposals for a while, so successive leaders do not order the same transaction again
    /// before the first block holding it commits.
    /// </summary>
    public void MarkProposed(IEnumerable<Hash32> ids, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ids);
        lock (_gate)
        {
            foreach (var id in ids)
            {
                if (_byId.TryGetValue(id, out var node))
                {
                    Lease(node.Value, now + _proposalLease);
                }
            }
        }
    }

    /// <summary>Drops transactions that a committed block included.</summary>
    public void RemoveCommitted(IEnumerable<Hash32> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        lock (_gate)
        {
            foreach (var id in ids)
            {
                if (_byId.Remove(id, out var node))
                {
                    Forget(node);
                }
            }
        }
    }

    /// <summary>Drops transactions that can never commit any more (for instance outside the time window).</summary>
    public int Prune(Func<Hash32, ReadOnlyMemory<byte>, bool> stillValid)
    {
        ArgumentNullException.ThrowIfNull(stillValid);
        var removed = 0;
        lock (_gate)
        {
            for (var node = _order.First; node is not null;)
            {
                var next = node.Next;
                if (!stillValid(node.Value.Id, node.Value.Bytes))
                {
                    _byId.Remove(node.Value.Id);
                    Forget(node);
                    removed++;
                }

                node = next;
            }
        }

        return removed;
    }

    /// <summary>
    /// Whether some transaction is not leased to a proposal at <paramref name="now"/> (a proposal
    /// could order it); when none is, <paramref name="nextLeaseExpiry"/> says when the earliest
    /// lease runs out (null when the pool is empty), after which one may be again.
    /// </summary>
    public bool HasProposable(DateTimeOffset now, out DateTimeOffset? nextLeaseExpiry)
    {
        lock (_gate)
        {
            ExpireLeases(now);
            nextLeaseExpiry = _leases.TryPeek(out var head) ? head.Until : null;
            return _order.Count > _leased;
        }
    }

    /// <summary>Transactions leased to a proposal right now (as of the last <see cref="HasProposable"/>).</summary>
    public int Leased
    {
        get
        {
            lock (_gate)
            {
                return _leased;
            }
        }
    }

    private void Lease(Entry entry, DateTimeOffset until)
    {
        entry.LeasedUntil = until;
        if (!entry.Leased)
        {
            entry.Leased = true;
            _leased++;
            _leases.Enqueue((entry.Id, until));
        }
    }

    /// <summary>
    /// Ends the leases that ran out, oldest first. An item whose transaction was leased again
    /// since goes back into the queue with its new expiry; one whose transaction left the pool is
    /// dropped. Stops at the first lease still running.
    /// </summary>
    private void ExpireLeases(DateTimeOffset now)
    {
        while (_leases.TryPeek(out var head))
        {
            if (!_byId.TryGetValue(head.Id, out var node) || !node.Value.Leased)
            {
                _leases.Dequeue();
                continue;
            }

            var entry = node.Value;
            if (entry.LeasedUntil > head.Until)
            {
                _leases.Dequeue();
                _leases.Enqueue((entry.Id, entry.LeasedUntil));
                continue;
            }

            if (entry.LeasedUntil > now)
            {
                return;
            }

            _leases.Dequeue();
            entry.Leased = false;
            _leased--;
        }
    }

    private SubmitVerdict? Precheck(AdmissionInspection inspection, HashSet<Hash32> batchIds)
    {
        if (!inspection.Passed)
        {
            return new SubmitVerdict(SubmitStatus.Rejected, inspection.Id, inspection.RejectionCode, inspection.Message);
        }

        if (_admission.CommittedHeight(inspection) is { } height)
        {
            return new SubmitVerdict(SubmitStatus.AlreadyCommitted, inspection.Id, "AlreadyCommitted", $"already committed at height {height}", height);
        }

        if (Contains(inspection.Id) || !batchIds.Add(inspection.Id))
        {
            return new SubmitVerdict(SubmitStatus.AlreadyPending, inspection.Id, "AlreadyPending", "already in the mempool");
        }

        // Refused before its signature costs anything; checked again when it is added.
        lock (_gate)
        {
            return OverQuota(inspection);
        }
    }

    private SubmitVerdict? OverQuota(AdmissionInspection inspection) =>
        inspection.Sender is { } sender && _pendingBySender.GetValueOrDefault(sender) >= _perSenderQuota
            ? new SubmitVerdict(SubmitStatus.SenderQuotaExceeded, inspection.Id, "SenderQuota",
                $"sender {Abbreviate(sender)} already has {_perSenderQuota} transactions pending, its quota (limits.mempoolPerSender); retry after some commit")
            : null;

    private static string Abbreviate(string sender) => sender.Length > 16 ? sender[..16] + "..." : sender;

    private void Forget(LinkedListNode<Entry> node)
    {
        _order.Remove(node);
        _leased -= node.Value.Leased ? 1 : 0;
        if (node.Value.Sender is { } sender)
        {
            var left = _pendingBySender[sender] - 1;
            if (left == 0)
            {
                _pendingBySender.Remove(sender);
            }
            else
            {
                _pendingBySender[sender] = left;
            }
        }
    }

    // Null when the verifiers had no room for the batch.
    private async Task<IReadOnlyList<bool>?> VerifyBatchAsync(IReadOnlyList<AdmissionInspection> batch, bool waitForVerifiers, CancellationToken ct)
    {
        if (batch.Count == 0)
        {
            return [];
        }

        var started = Stopwatch.GetTimestamp();
        var result = await _admission.VerifySignaturesAsync(batch, waitForVerifiers, ct).ConfigureAwait(false);
        if (result is null)
        {
            return null;
        }

        BatchVerified?.Invoke(Stopwatch.GetElapsedTime(started));
        if (result.Count != batch.Count)
        {
            throw new InvalidOperationException($"signature verifier answered {result.Count} verdicts for {batch.Count} transactions");
        }

        return result;
    }

    private SubmitVerdict Add(AdmissionInspection inspection, DateTimeOffset now)
    {
        if (_byId.ContainsKey(inspection.Id))
        {
            return new SubmitVerdict(SubmitStatus.AlreadyPending, inspection.Id, "AlreadyPending", "already in the mempool");
        }

        if (_order.Count >= _capacity)
        {
            return new SubmitVerdict(SubmitStatus.MempoolFull, inspection.Id, "MempoolFull", $"the mempool holds its capacity of {_capacity} transactions; retry later");
        }

        if (OverQuota(inspection) is { } overQuota)
        {
            return overQuota;
        }

        var node = _order.AddLast(new Entry(inspection.Id, inspection.Bytes, inspection.Sender, now));
        _byId.Add(inspection.Id, node);
        if (inspection.Sender is { } sender)
        {
            _pendingBySender[sender] = _pendingBySender.GetValueOrDefault(sender) + 1;
        }

        return SubmitVerdict.Accepted(inspection.Id);
    }

    private sealed class Entry(Hash32 id, ReadOnlyMemory<byte> bytes, string? sender, DateTimeOffset arrived)
    {
        public Hash32 Id { get; } = id;

        public ReadOnlyMemory<byte> Bytes { get; } = bytes;

        public string? Sender { get; } = sender;

        public DateTimeOffset Arrived { get; } = arrived;

        public DateTimeOffset LeasedUntil { get; set; } = DateTimeOffset.MinValue;

        /// <summary>Counted in the pool's leased total (until <see cref="ExpireLeases"/> sees the lease run out).</summary>
        public bool Leased { get; set; }
    }
}
