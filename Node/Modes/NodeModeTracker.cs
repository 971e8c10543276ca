namespace Ledger.Node.Modes;

/// <summary>
/// Decides the node's mode from what the event loop tells it, at times the caller supplies (so
/// tests need no clock). Recovery means "behind the network by more than a small margin and
/// catching up": a certified height more than <see cref="BehindMargin"/> above our committed
/// height, or a block fetch unanswered for longer than <see cref="SyncGrace"/>. A single quick
/// fetch that lands within the grace period is routine pipelining, not recovery. Halted is final:
/// a node that saw an invariant fail must not talk itself back into committing. Thread-safe: the
/// loop writes, the API and metrics read.
/// </summary>
public sealed class NodeModeTracker
{
    /// <summary>Heights the network may be ahead (votes and commits in flight) without it being recovery.</summary>
    public const ulong DefaultBehindMargin = 3;

    public static readonly TimeSpan DefaultSyncGrace = TimeSpan.FromSeconds(2);

    private readonly TimeSpan _degradedAfter;
    private readonly Lock _gate = new();
    private ModeSnapshot _current;
    private ulong _committedHeight;
    private ulong _networkHeight;
    private DateTimeOffset? _syncPendingSince;
    private string _syncReason = "";
    private string? _notSigning;
    private string? _abstaining;

    public NodeModeTracker(TimeSpan degradedAfter, DateTimeOffset startedAt, ulong committedHeight = 0)
    {
        if (degradedAfter <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(degradedAfter), degradedAfter, "must be positive");
        }

        _degradedAfter = degradedAfter;
        _committedHeight = committedHeight;
        _networkHeight = committedHeight;
        _current = new ModeSnapshot(NodeMode.Target, "started", startedAt, startedAt);
    }

    /// <summary>Raised (outside the lock) whenever the mode or its reason changes.</summary>
    public event Action<ModeSnapshot, ModeSnapshot>? Changed;

    public ulong BehindMargin { get; init; } = DefaultBehindMargin;

    public TimeSpan SyncGrace { get; init; } = DefaultSyncGrace;

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

    /// <summary>A block committed at <paramref name="height"/>: the node is making progress.</summary>
    public void OnCommit(DateTimeOffset now, ulong height) =>
        Update(now, c =>
        {
            _committedHeight = Math.Max(_committedHeight, height);
            _networkHeight = Math.Max(_networkHeight, _committedHeight);
            return c with { LastCommit = now };
        });

    /// <summary>A certified block at <paramref name="height"/> was seen (a proposal the core accepted carries its parent's QC).</summary>
    public void ObserveNetworkHeight(DateTimeOffset now, ulong height) =>
        Update(now, c =>
        {
            _networkHeight = Math.Max(_networkHeight, height);
            return c;
        });

    /// <summary>A block fetch from a peer started; only the first of overlapping fetches starts the clock.</summary>
    public void OnSyncRequested(DateTimeOffset now, string reason) =>
        Update(now, c =>
        {
            _syncPendingSince ??= now;
            _syncReason = reason;
            return c;
        });

    /// <summary>The fetch answered or failed; the core retries (and calls <see cref="OnSyncRequested"/> again) if still behind.</summary>
    public void OnSyncFinished(DateTimeOffset now) =>
        Update(now, c =>
        {
            _syncPendingSince = null;
            return c;
        });

    /// <summary>
    /// The node stopped proposing, voting and sending timeouts (its own signing certificate is
    /// revoked). Not a mode of its own: the node still follows and commits what the others certify,
    /// so its mode keeps saying that, and every reason from now on ends with why it does not sign.
    /// Final until the node restarts.
    /// </summary>
    public void StopSigning(DateTimeOffset now, string reason) =>
        Update(now, c =>
        {
            _notSigning = reason;
            return c;
        });

    /// <summary>
    /// The node started without its safety record and signs nothing until it may
    /// (<paramref name="reason"/>, e.g. "abstaining until round 12"), or, with null, signs again.
    /// Like <see cref="StopSigning"/> not a mode of its own: a suffix of every reason meanwhile.
    /// </summary>
    public void Abstaining(DateTimeOffset now, string? reason) =>
        Update(now, c =>
        {
            string? before = _abstaining;
            _abstaining = reason;
            int at = before is null ? -1 : c.Reason.IndexOf($"; {before}", StringComparison.Ordinal);
            return at < 0 ? c : c with { Reason = c.Reason[..at] };
        });

    /// <summary>
    /// The loop stopped signing to install a snapshot (<paramref name="reason"/>). Final for this
    /// tracker: the node restarts in its process to install, with a new one; only a halt replaces it.
    /// </summary>
    public void Installing(DateTimeOffset now, string reason) =>
        Update(now, c => c with { Mode = NodeMode.Installing, Reason = reason, Since = now });

    /// <summary>An invariant failed. Final.</summary>
    public void Halt(DateTimeOffset now, string reason) =>
        Update(now, c => c with { Mode = NodeMode.Halted, Reason = reason, Since = now });

    /// <summary>Called periodically: turns the passing of time into mode changes (degraded, a slow fetch).</summary>
    public void Evaluate(DateTimeOffset now) => Update(now, c => c);

    /// <summary>Applies an event, then re-derives the mode from the facts it changed, under one lock.</summary>
    private void Update(DateTimeOffset now, Func<ModeSnapshot, ModeSnapshot> apply)
    {
        ModeSnapshot before;
        ModeSnapshot after;
        lock (_gate)
        {
            before = _current;
            if (before.Mode is NodeMode.Halted)
            {
                return;
            }

            var applied = apply(before);
            after = applied.Mode is NodeMode.Halted or NodeMode.Installing ? applied : Derive(applied, now);
            _current = after;
        }

        if (before.Mode != after.Mode || before.Reason != after.Reason)
        {
            Changed?.Invoke(before, after);
        }
    }

    private ModeSnapshot Derive(ModeSnapshot c, DateTimeOffset now)
    {
        var derived = DeriveProgress(c, now);
        var suffix = (_notSigning is { } why ? $"; not signing: {why}" : "") + (_abstaining is { } wait ? $"; {wait}" : "");
        return suffix.Length == 0 || derived.Reason.EndsWith(suffix, StringComparison.Ordinal) ? derived : derived with { Reason = derived.Reason + suffix };
    }

    private ModeSnapshot DeriveProgress(ModeSnapshot c, DateTimeOffset now)
    {
        if (_networkHeight > _committedHeight + BehindMargin)
        {
            return Become(c, NodeMode.Recovery, $"behind: committed height {_committedHeight}, the network has certified {_networkHeight}", now);
        }

        if (_syncPendingSince is { } since && now - since >= SyncGrace)
        {
            return Become(c, NodeMode.Recovery, $"{_syncReason} (pending for {(long)(now - since).TotalMilliseconds} ms)", now, keepReasonIfSameMode: true);
        }

        var idle = now - c.LastCommit;
        if (idle >= _degradedAfter)
        {
            return Become(c, NodeMode.Degraded, $"no commit for {(long)idle.TotalMilliseconds} ms (quorum unreachable?)", now, keepReasonIfSameMode: true);
        }

        return c.Mode switch
        {
            NodeMode.Target => c,
            NodeMode.Recovery => Become(c, NodeMode.Target, "caught up", now),
            _ => Become(c, NodeMode.Target, "committing", now),
        };
    }

    /// <summary>
    /// The snapshot in <paramref name="mode"/>; Since moves only when the mode changes. Reasons
    /// that count time keep their first wording while the mode lasts, so listeners hear of a
    /// change of state, not of every tick.
    /// </summary>
    private static ModeSnapshot Become(ModeSnapshot c, NodeMode mode, string reason, DateTimeOffset now, bool keepReasonIfSameMode = false) =>
        c.Mode == mode
            ? (keepReasonIfSameMode ? c : c with { Reason = reason })
            : c with { Mode = mode, Reason = reason, Since = now };
}
