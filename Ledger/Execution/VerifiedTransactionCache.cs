using Ledger.Crypto;

namespace Ledger.Execution;

/// <summary>
/// Ids of transactions whose signatures this replica has already verified, so a transaction
/// checked on admission to the mempool is not verified again inside a proposal. Bounded: the
/// oldest ids are forgotten first (a forgotten id only costs one more verification). Thread-safe.
/// </summary>
public sealed class VerifiedTransactionCache
{
    private readonly int _capacity;
    private readonly HashSet<Hash32> _ids;
    private readonly Queue<Hash32> _order;
    private readonly Lock _lock = new();

    public VerifiedTransactionCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
        _ids = new HashSet<Hash32>(Math.Min(capacity, 1 << 16));
        _order = new Queue<Hash32>(Math.Min(capacity, 1 << 16));
    }

    public int Capacity => _capacity;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _ids.Count;
            }
        }
    }

    public bool Contains(Hash32 transactionId)
    {
        lock (_lock)
        {
            return _ids.Contains(transactionId);
        }
    }

    public void Add(Hash32 transactionId)
    {
        lock (_lock)
        {
            if (!_ids.Add(transactionId))
            {
                return;
            }

            _order.Enqueue(transactionId);
            if (_order.Count > _capacity)
            {
                _ids.Remove(_order.Dequeue());
            }
        }
    }
}
