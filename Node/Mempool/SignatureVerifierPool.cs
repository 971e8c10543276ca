using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Ledger.Node.Mempool;

/// <summary>
/// Admission's client-signature checks, on a fixed set of dedicated threads instead of the .NET
/// thread pool. Consensus messages, the replica loop's continuations, timers and network sends are
/// thread-pool work; a burst of admissions verified there (tens of thousands of signatures at
/// about 63 us each) queued them behind seconds of curve arithmetic and the round timer fired.
/// Admission is elastic (a client can retry, gossip can wait), consensus is not, so the checks run
/// here, on threads whose OS priority is lowered (<see cref="ThreadNiceness"/>) so that under CPU
/// saturation the kernel runs the loop, the network and the timers first.
/// A caller hands in a batch (a count and a check of one index) and awaits its verdicts; nothing
/// holds a pool thread meanwhile. A batch is split into chunks so several threads share a large
/// one; each verdict is written to its own slot, so the answer does not depend on the scheduling.
/// The queue is bounded in signatures: <see cref="TryVerify"/> answers null when a batch does not
/// fit, <see cref="VerifyAsync"/> waits for room. An exception in a check fails that batch only;
/// <see cref="Dispose"/> cancels the batches still queued and stops the threads.
/// </summary>
public sealed partial class SignatureVerifierPool : IDisposable
{
    /// <summary>Most signatures in one chunk: large enough to amortise a hand-off, small enough to share a batch.</summary>
    public const int ChunkSize = 64;

    /// <summary>
    /// The verifier threads' nice value (0 is normal, 19 the lowest priority). At 10 the kernel
    /// gives a runnable normal thread about ten times a verifier's share of a busy core, so the loop,
    /// network and timers go first, while an otherwise idle core still verifies at full speed.
    /// Raising one's own nice value needs no privilege.
    /// </summary>
    public const int DefaultNiceValue = 10;

    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(5);

    // Monitor.Wait/PulseAll need a plain object (System.Threading.Lock has no condition variable).
    private readonly object _gate = new();
    private readonly Queue<Chunk> _chunks = new();
    private readonly Thread[] _threads;
    private readonly int _niceValue;
    private readonly ILogger _logger;
    private TaskCompletionSource _roomFreed = NewSignal();
    private int _queued;
    private bool _stopped;

    /// <param name="threads">Dedicated verifier threads (at least 1).</param>
    /// <param name="capacity">Most signatures accepted and not yet verified (at least 1).</param>
    public SignatureVerifierPool(int threads, int capacity, ILogger logger, int niceValue = DefaultNiceValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentNullException.ThrowIfNull(logger);
        Capacity = capacity;
        _niceValue = niceValue;
        _logger = logger;
        _threads = new Thread[threads];
        for (var i = 0; i < threads; i++)
        {
            // Background: a node that fails to stop them still exits.
            _threads[i] = new Thread(Run) { IsBackground = true, Name = $"ledger-verify-{i}" };
            _threads[i].Start();
        }
    }

    /// <summary>A batch's first chunk started, after waiting this long in the queue.</summary>
    public event Action<TimeSpan>? BatchStarted;

    /// <summary>Most signatures accepted and not yet verified.</summary>
    public int Capacity { get; }

    /// <summary>Signatures accepted and not yet verified (queued or being checked).</summary>
    public int Queued
    {
        get
        {
            lock (_gate)
            {
                return _queued;
            }
        }
    }

    /// <summary>The verifier threads (for shutdown checks).</summary>
    public IReadOnlyList<Thread> Threads => _threads;

    /// <summary>
    /// Queues <paramref name="count"/> checks (<paramref name="verify"/> of each index, on the
    /// verifier threads) and returns their verdicts, in order, when all are done; null when the
    /// queue has no room for them now. Cancelled when the pool stops first; faulted with the
    /// exception when a check throws.
    /// </summary>
    public Task<bool[]>? TryVerify(int count, Func<int, bool> verify)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(verify);
        lock (_gate)
        {
            return TryEnqueue(count, verify);
        }
    }

    /// <summary>
    /// As <see cref="TryVerify"/>, but waits (holding no thread) until the queue has room, or
    /// <paramref name="ct"/> ends the wait; null only for a batch larger than the whole queue.
    /// </summary>
    public async Task<bool[]?> VerifyAsync(int count, Func<int, bool> verify, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(verify);
        if (count > Capacity)
        {
            return null;
        }

        while (true)
        {
            Task<bool[]>? verdicts;
            Task room;
            lock (_gate)
            {
                verdicts = TryEnqueue(count, verify);
                room = _roomFreed.Task;
            }

            if (verdicts is not null)
            {
                return await verdicts.WaitAsync(ct).ConfigureAwait(false);
            }

            await room.WaitAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>Cancels the batches still queued, lets the chunks being checked finish, and waits for the threads to end.</summary>
    public void Dispose()
    {
        List<Chunk> abandoned;
        TaskCompletionSource room;
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            abandoned = [.. _chunks];
            _chunks.Clear();
            foreach (var chunk in abandoned)
            {
                _queued -= chunk.To - chunk.From;
            }

            room = SwapRoomSignal();
            Monitor.PulseAll(_gate);
        }

        foreach (var chunk in abandoned)
        {
            chunk.Batch.Done.TrySetCanceled();
        }

        room.TrySetResult();
        foreach (var thread in _threads)
        {
            if (thread != Thread.CurrentThread && !thread.Join(JoinTimeout))
            {
                LogThreadDidNotStop(_logger, thread.Name ?? "verifier");
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Under _gate.
    private Task<bool[]>? TryEnqueue(int count, Func<int, bool> verify)
    {
        if (_stopped)
        {
            return Task.FromCanceled<bool[]>(new CancellationToken(canceled: true));
        }

        if (count == 0)
        {
            return Task.FromResult(Array.Empty<bool>());
        }

        if (_queued + count > Capacity)
        {
            return null;
        }

        // Spread a batch over every thread, in chunks of at most ChunkSize.
        var size = Math.Clamp((count + _threads.Length - 1) / _threads.Length, 1, ChunkSize);
        var batch = new Batch(count, verify, (count + size - 1) / size);
        for (var from = 0; from < count; from += size)
        {
            _chunks.Enqueue(new Chunk(batch, from, Math.Min(count, from + size)));
        }

        _queued += count;
        Monitor.PulseAll(_gate);
        return batch.Done.Task;
    }

    // Under _gate: the signal for waiters, replaced so the next wait needs the next release.
    private TaskCompletionSource SwapRoomSignal()
    {
        var signal = _roomFreed;
        _roomFreed = NewSignal();
        return signal;
    }

    private void Run()
    {
        if (!ThreadNiceness.TryLowerCurrentThread(_niceValue, out var failure))
        {
            LogNiceValueNotSet(_logger, Thread.CurrentThread.Name ?? "verifier", _niceValue, failure);
        }

        while (true)
        {
            Chunk chunk;
            lock (_gate)
            {
                while (_chunks.Count == 0 && !_stopped)
                {
                    Monitor.Wait(_gate);
                }

                if (_stopped)
                {
                    return;
                }

                chunk = _chunks.Dequeue();
            }

            Execute(chunk);
        }
    }

    private void Execute(Chunk chunk)
    {
        var batch = chunk.Batch;
        if (Interlocked.Exchange(ref batch.Started, 1) == 0)
        {
            BatchStarted?.Invoke(Stopwatch.GetElapsedTime(batch.Enqueued));
        }

        // The other chunks of a batch that already failed (or was cancelled) cost nothing.
        if (!batch.Done.Task.IsCompleted)
        {
            try
            {
                for (var i = chunk.From; i < chunk.To; i++)
                {
                    batch.Verdicts[i] = batch.Verify(i);
                }
            }
            catch (Exception ex)
            {
                // A check that throws fails its own batch, never the thread or another batch.
                batch.Done.TrySetException(ex);
            }
        }

        TaskCompletionSource room;
        lock (_gate)
        {
            _queued -= chunk.To - chunk.From;
            room = SwapRoomSignal();
        }

        room.TrySetResult();
        if (Interlocked.Decrement(ref batch.ChunksLeft) == 0)
        {
            batch.Done.TrySetResult(batch.Verdicts);
        }
    }

    [LoggerMessage(EventId = 4201, Level = LogLevel.Debug, Message = "Verifier thread {Thread} keeps its OS priority (nice {Nice} not set: {Reason})")]
    private static partial void LogNiceValueNotSet(ILogger logger, string thread, int nice, string? reason);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Warning, Message = "Verifier thread {Thread} did not stop within the shutdown timeout")]
    private static partial void LogThreadDidNotStop(ILogger logger, string thread);

    private readonly record struct Chunk(Batch Batch, int From, int To);

    private sealed class Batch(int count, Func<int, bool> verify, int chunks)
    {
        public readonly bool[] Verdicts = new bool[count];
        public readonly Func<int, bool> Verify = verify;
        public readonly TaskCompletionSource<bool[]> Done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly long Enqueued = Stopwatch.GetTimestamp();
        public int ChunksLeft = chunks;
        public int Started;
    }
}
