namespace Ledger.Node.Modes;

/// <summary>
/// Decides the node's mode from what the event loop tells it, at times the caller supplies (so
/// tests need no clock). Halted is final: a node that saw an invariant fail must not talk itself
/// back into committing. Thread-safe: the loop writes, the API and metrics read.
/// </summary>
public sealed class NodeModeTracker
{
    private readonly TimeSpan _degradedAfter;
    private readonly Lock _gate = new();
    private ModeSnapshot _current;

    public NodeModeTracker(TimeSpan degradedAfter, DateTimeOffset startedAt)
    {
        if (degradedAfter <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(degradedAfter), degradedAfter, "must be positive");
        }

        _degradedAfter = degradedAfter;
        _current = new ModeSnapshot(NodeMode.Target, "started", startedAt, startedAt);
    }

    /// <summary>Raised (outside the lock) whenever the mode or its reason changes.</summary>
    public event Action<ModeSnapshot, ModeSnapshot>? Changed;

    public ModeSnapshot Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>A block committed: the node is making progress again.</summary>
    public void OnCommit(DateTimeOffset now) =>
        Update(c => c.Mode is NodeMode.Halted ? c : new ModeSnapshot(NodeMode.Target, "committing", c.Mode == NodeMode.Target ? c.Since : now, now));

    /// <summary>Started fetching committed blocks from peers.</summary>
    public void EnterRecovery(DateTimeOffset now, string reason) =>
        Update(c => c.Mode is NodeMode.Halted ? c : c with { Mode = NodeMode.Recovery, Reason = reason, Since = now });

    /// <summary>Caught up with what peers reported committed.</summary>
    public void LeaveRecovery(DateTimeOffset now) =>
        Update(c => c.Mode is NodeMode.Recovery ? c with { Mode = NodeMode.Target, Reason = "caught up", Since = now } : c);

    /// <summary>An invariant failed. Final.</summary>
    public void Halt(DateTimeOffset now, string reason) =>
        Update(c => c.Mode is NodeMode.Halted ? c : c with { Mode = NodeMode.Halted, Reason = reason, Since = now });

    /// <summary>Called periodically: no commit for too long turns target into degraded.</summary>
    public void Evaluate(DateTimeOffset now) =>
        Update(c =>
        {
            var idle = now - c.LastCommit;
            if (c.Mode is NodeMode.Target && idle >= _degradedAfter)
            {
                return c with { Mode = NodeMode.Degraded, Reason = $"no commit for {(long)idle.TotalMilliseconds} ms (quorum unreachable?)", Since = now };
            }

            return c;
        });

    private void Update(Func<ModeSnapshot, ModeSnapshot> change)
    {
        ModeSnapshot before;
        ModeSnapshot after;
        lock (_gate)
        {
            before = _current;
            after = change(before);
            _current = after;
        }

        if (before.Mode != after.Mode || before.Reason != after.Reason)
        {
            Changed?.Invoke(before, after);
        }
    }
}
