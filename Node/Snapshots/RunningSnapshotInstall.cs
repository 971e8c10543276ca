namespace Ledger.Node.Snapshots;

/// <summary>
/// A replica that falls far behind while running installs a peer's snapshot by a controlled
/// restart inside its process: the event loop stops signing, lets its queued ledger commits
/// finish and stops (<see cref="Request"/>); the host stops, releasing the store; `ledger node
/// run` builds the node again from its node.json, whose start installs the snapshot exactly as a
/// restarted node does (the same offer checks, download and <c>LedgerStore.ReplaceWithBase</c>),
/// and the core starts from it with the safety record read back from <c>safety.bin</c>, never
/// lowered. This object outlives each host: it carries the request across the restart, counts the
/// installs for the metrics, and bounds the retries: after an attempt that installed nothing (no
/// offer far enough ahead, every peer refused) the loop asks again only after
/// <see cref="FirstRetryDelay"/>, doubling up to <see cref="MaxRetryDelay"/>, and syncs block by
/// block meanwhile. Thread-safe: the loop requests, the host's builder reports.
/// </summary>
public sealed class RunningSnapshotInstall
{
    /// <summary>How long after an install that installed nothing the loop waits before asking again.</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between two attempts that install nothing.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(10);

    private readonly Lock _gate = new();
    private bool _requested;
    private bool _restarting;
    private DateTimeOffset? _notBefore;
    private TimeSpan _nextDelay = FirstRetryDelay;

    /// <summary>Snapshots installed by a running replica (the restart's install found one), since the process started.</summary>
    public int Installs { get; private set; }

    /// <summary>Attempts that installed nothing, since the process started.</summary>
    public int Failures { get; private set; }

    /// <summary>Consensus inputs the stopped loops left unread (dropped, not handled), since the process started.</summary>
    public long DroppedInputs { get; private set; }

    /// <summary>Whether a restart to install is wanted (set by the loop, taken by the host's builder).</summary>
    public bool Requested
    {
        get
        {
            lock (_gate)
            {
                return _requested;
            }
        }
    }

    /// <summary>Whether the loop may ask for an install at <paramref name="now"/> (not within the wait after a failed one).</summary>
    public bool MayRequest(DateTimeOffset now)
    {
        lock (_gate)
        {
            return !_requested && (_notBefore is not { } notBefore || now >= notBefore);
        }
    }

    /// <summary>The loop stopped to install; <paramref name="droppedInputs"/> inputs were left unread in its inbox.</summary>
    public void Request(long droppedInputs)
    {
        lock (_gate)
        {
            _requested = true;
            DroppedInputs += droppedInputs;
        }
    }

    /// <summary>Takes the request, once (the host's builder restarts the node for it).</summary>
    public bool TakeRequest()
    {
        lock (_gate)
        {
            bool requested = _requested;
            _requested = false;
            _restarting |= requested;
            return requested;
        }
    }

    /// <summary>
    /// What a start's install did at <paramref name="now"/>: a snapshot at
    /// <paramref name="installedHeight"/> (0: none, so wait before asking again). Counts only
    /// after a restart this object asked for (the process's first start is not one).
    /// </summary>
    public void Finished(ulong installedHeight, DateTimeOffset now)
    {
        lock (_gate)
        {
            // Just after an install the network is still ahead by up to a snapshot interval plus
            // what it committed meanwhile: block sync closes that gap; asking at once would only
            // restart the node to find no snapshot far enough ahead.
            if (!_restarting)
            {
                _notBefore = installedHeight > 0 ? now + FirstRetryDelay : _notBefore;
                return;
            }

            _restarting = false;
            if (installedHeight > 0)
            {
                Installs++;
                _notBefore = now + FirstRetryDelay;
                _nextDelay = FirstRetryDelay;
                return;
            }

            Failures++;
            _notBefore = now + _nextDelay;
            _nextDelay = _nextDelay * 2 > MaxRetryDelay ? MaxRetryDelay : _nextDelay * 2;
        }
    }
}
