namespace Ledger.Node.Network;

/// <summary>
/// Decides when admitted transactions go to the peers. Under load they are collected and sent
/// together (when <c>batchSize</c> are waiting, or by the periodic flush every <c>interval</c>),
/// so a stream of single submissions costs each peer one call and one parallel signature batch per
/// interval, not one per transaction. The first transaction after a quiet spell (nothing sent for
/// an interval) goes at once: it waited for the next periodic flush before, which put up to one
/// interval on a lightly loaded transfer's way to the leader. Not thread-safe: the owner locks.
/// </summary>
internal sealed class GossipBatcher(int batchSize, TimeSpan interval)
{
    private readonly List<ReadOnlyMemory<byte>> _pending = [];
    private DateTimeOffset _lastSent = DateTimeOffset.MinValue;

    public int Pending => _pending.Count;

    /// <summary>Adds transactions; returns the batch to send now, or null while it should wait for more.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>>? Add(IReadOnlyList<ReadOnlyMemory<byte>> transactions, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        _pending.AddRange(transactions);
        return _pending.Count >= batchSize || now - _lastSent >= interval ? Take(now) : null;
    }

    /// <summary>The periodic flush: whatever waits, or null when nothing does.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>>? Flush(DateTimeOffset now) => _pending.Count == 0 ? null : Take(now);

    private List<ReadOnlyMemory<byte>> Take(DateTimeOffset now)
    {
        List<ReadOnlyMemory<byte>> batch = [.. _pending];
        _pending.Clear();
        _lastSent = now;
        return batch;
    }
}
