using Ledger.Snapshots;
using Ledger.TestKit.Chains;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Win32.SafeHandles;

namespace Ledger.Tests;

public sealed class SnapshotSchedulerTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ledger-snapshot-scheduler-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, true);
        }
    }

    // Holds every file flush until released: a snapshot write in progress, for as long as the test wants.
    private sealed class GatedDurability : Storage.IFileDurability
    {
        public ManualResetEventSlim Gate { get; } = new(false);

        public void FlushFile(SafeFileHandle file) => Gate.Wait(TimeSpan.FromMinutes(1));

        public void FlushDirectory(string directory)
        {
        }
    }

    private static CommittedView ViewAt(ulong height)
    {
        var harness = new ExecutionHarness(TestChain.Create());
        return new CommittedView(height, TestBlocks.Id(height), harness.State);
    }

    [Fact]
    public async Task Committed_DueWhileAWriteIsRunning_IsSkippedNotQueued()
    {
        var durability = new GatedDurability();
        using var scheduler = new SnapshotScheduler(new SnapshotStore(_directory, 2, durability), 10, NullLogger.Instance);

        scheduler.Committed(ViewAt(10));
        scheduler.Committed(ViewAt(15));
        scheduler.Committed(ViewAt(20));
        Task first = scheduler.Pending;
        durability.Gate.Set();
        await first;

        Assert.Equal(1, scheduler.Written);
        Assert.Equal(1, scheduler.Skipped);
        Assert.Equal([10UL], new SnapshotStore(_directory, 2, durability).Heights());
    }

    [Fact]
    public void Committed_IntervalZero_WritesNothing()
    {
        using var scheduler = new SnapshotScheduler(new SnapshotStore(_directory, 2, Storage.OsFileDurability.Instance), 0, NullLogger.Instance);
        scheduler.Committed(ViewAt(10));
        Assert.True(scheduler.Pending.IsCompleted);
        Assert.Equal(0, scheduler.Written);
    }
}
