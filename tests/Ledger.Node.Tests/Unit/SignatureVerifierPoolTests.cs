using Ledger.Crypto;
using Ledger.Node.Mempool;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ledger.Node.Tests.Unit;

/// <summary>
/// The verifier threads admission hands its signature batches to: same verdicts as checking one
/// by one, a bounded queue that refuses or waits, a shutdown that cancels what is queued and ends
/// its threads, and a check that throws failing its own batch only. Tests that need a batch held
/// on a verifier thread block its check on a gate, never on time; the bounds on awaits only turn
/// a hang into a failure.
/// </summary>
public sealed class SignatureVerifierPoolTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly SigningKey _key = SigningKey.FromSeed(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private readonly ManualResetEventSlim _gate = new();
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Dispose()
    {
        _gate.Set();
        _gate.Dispose();
        _key.Dispose();
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 1)]
    [InlineData(2, 7)]
    [InlineData(2, 64)]
    [InlineData(3, 65)]
    [InlineData(4, 1_000)]
    public async Task TryVerify_MixedGoodAndBadBatch_MatchesSequentialVerification(int threads, int count)
    {
        using var pool = new SignatureVerifierPool(threads, 1_000, NullLogger.Instance);
        var items = Items(count, bad: i => i % 3 == 1 || i == count - 1);
        var expected = items.Select(Check).ToArray();

        var verdicts = await pool.TryVerify(count, i => Check(items[i]))!.WaitAsync(Bound);

        Assert.Equal(expected, verdicts);
    }

    [Fact]
    public async Task TryVerify_QueueFull_RefusesUntilVerifiedAndTheGaugeReturnsToZero()
    {
        using var pool = new SignatureVerifierPool(1, 10, NullLogger.Instance);
        var held = pool.TryVerify(10, Gated);
        Assert.NotNull(held);
        Assert.Equal(10, pool.Queued);

        var refused = pool.TryVerify(1, _ => true);
        _gate.Set();
        await held.WaitAsync(Bound);

        Assert.Null(refused);
        Assert.Equal(0, pool.Queued);
        var next = await pool.TryVerify(1, _ => true)!.WaitAsync(Bound);
        Assert.Equal(new[] { true }, next);
    }

    [Fact]
    public async Task VerifyAsync_QueueFull_WaitsForRoomThenVerifies()
    {
        using var pool = new SignatureVerifierPool(1, 10, NullLogger.Instance);
        var held = pool.TryVerify(8, Gated)!;

        var waiting = pool.VerifyAsync(5, i => i % 2 == 0, CancellationToken.None);
        var waitedWhileFull = !waiting.IsCompleted;
        var queuedWhileWaiting = pool.Queued;
        _gate.Set();

        Assert.True(waitedWhileFull);
        Assert.Equal(8, queuedWhileWaiting);
        var verdicts = await waiting.WaitAsync(Bound);
        Assert.Equal(new[] { true, false, true, false, true }, verdicts);
        await held.WaitAsync(Bound);
        Assert.Equal(0, pool.Queued);
    }

    [Fact]
    public async Task VerifyAsync_CancelledWhileWaitingForRoom_ThrowsAndQueuesNothing()
    {
        using var pool = new SignatureVerifierPool(1, 10, NullLogger.Instance);
        var held = pool.TryVerify(10, Gated)!;
        using var cancel = new CancellationTokenSource();

        var waiting = pool.VerifyAsync(5, _ => true, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Bound));
        Assert.Equal(10, pool.Queued);
        _gate.Set();
        await held.WaitAsync(Bound);
    }

    [Fact]
    public async Task VerifyAsync_BatchLargerThanTheQueue_IsRefusedAtOnce()
    {
        using var pool = new SignatureVerifierPool(1, 10, NullLogger.Instance);

        Assert.Null(await pool.VerifyAsync(11, _ => true, CancellationToken.None).WaitAsync(Bound));
    }

    [Fact]
    public async Task Dispose_WithBatchesQueued_CancelsThemAndItsThreadsExit()
    {
        var pool = new SignatureVerifierPool(1, 100, NullLogger.Instance);
        var inFlight = pool.TryVerify(1, Gated)!;
        await _entered.Task.WaitAsync(Bound);
        var queued = pool.TryVerify(5, _ => true)!;

        // Dispose waits for the chunk in flight, which waits on the gate: run it beside the test.
        var disposing = Task.Run(pool.Dispose);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.WaitAsync(Bound));
        _gate.Set();
        await disposing.WaitAsync(Bound);

        var verdicts = await inFlight.WaitAsync(Bound);
        Assert.Equal(new[] { true }, verdicts);
        Assert.All(pool.Threads, t => Assert.False(t.IsAlive));
        Assert.Equal(0, pool.Queued);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pool.TryVerify(1, _ => true)!.WaitAsync(Bound));
    }

    [Fact]
    public async Task TryVerify_CheckThrows_FailsOnlyThatBatch()
    {
        using var pool = new SignatureVerifierPool(2, 1_000, NullLogger.Instance);

        var failing = pool.TryVerify(200, i => i == 150 ? throw new InvalidOperationException("broken check") : true)!;
        var other = pool.TryVerify(200, _ => true)!;

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => failing.WaitAsync(Bound));
        Assert.Equal("broken check", thrown.Message);
        Assert.All(await other.WaitAsync(Bound), Assert.True);
        Assert.All(await pool.TryVerify(200, _ => true)!.WaitAsync(Bound), Assert.True);
        Assert.All(pool.Threads, t => Assert.True(t.IsAlive));
        Assert.Equal(0, pool.Queued);
    }

    [Fact]
    public async Task Threads_OnLinux_RunAtTheLowerNiceValue()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var pool = new SignatureVerifierPool(1, 10, NullLogger.Instance);
        // A thread sets its nice value before it takes its first chunk.
        await pool.TryVerify(1, _ => true)!.WaitAsync(Bound);

        // Every pool in this process names its threads the same; this one's has run, so some
        // ledger-verify thread carries the value.
        var nice = Directory.GetDirectories("/proc/self/task")
            .Where(task => File.ReadAllText(Path.Combine(task, "comm")).Trim().StartsWith("ledger-verify", StringComparison.Ordinal))
            .Select(task => NiceOf(File.ReadAllText(Path.Combine(task, "stat"))))
            .ToList();
        Assert.Contains(SignatureVerifierPool.DefaultNiceValue, nice);
    }

    // /proc/<pid>/task/<tid>/stat: "tid (comm) state ..." with nice the 19th field; the name may hold spaces.
    private static int NiceOf(string stat) => int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16], System.Globalization.CultureInfo.InvariantCulture);

    private static bool Check(VerificationItem item) => Ed25519.Verify(item.Key, item.Message.Span, item.Signature);

    private bool Gated(int index)
    {
        _entered.TrySetResult();
        return _gate.Wait(Bound);
    }

    private List<VerificationItem> Items(int count, Func<int, bool> bad) => [.. Enumerable.Range(0, count).Select(i =>
    {
        var message = BitConverter.GetBytes(i);
        var signature = _key.Sign(message).ToArray();
        if (bad(i))
        {
            signature[i % signature.Length] ^= 1;
        }

        return new VerificationItem(_key.PublicKey, message, new Signature(signature));
    })];
}
