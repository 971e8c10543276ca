using System.Diagnostics;
using System.Globalization;
using Ledger.Crypto;
using Ledger.Storage;
using Ledger.TestKit.Chains;

namespace Ledger.Tests;

/// <summary>
/// A store belongs to one opener at a time. A second LedgerStore on the same folder used to
/// checkpoint and delete the LiteDB log the first was writing and cut the first one's record in
/// flight off blocks.dat (what `ledger audit` on a running node did); now it is refused, told who
/// holds the folder, and touches nothing.
/// </summary>
public sealed class StoreLockTests : IDisposable
{
    private static readonly Hash32 Genesis = Hash32.Sha256([7]);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ledger-lock-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, true);
        }
    }

    [Fact]
    public void Open_StoreAlreadyOpenInThisProcess_RefusedNamingThisProcessAndFirstKeepsWriting()
    {
        using (LedgerStore first = LedgerStore.Open(_directory))
        {
            first.Initialise(Genesis);
            Append(first, 1);

            var refused = Assert.Throws<DirectoryLockedException>(() => LedgerStore.Open(_directory));

            Assert.Contains($"process {Environment.ProcessId} ", refused.Holder, StringComparison.Ordinal);
            Append(first, 2);
        }

        using LedgerStore reopened = LedgerStore.Open(_directory);
        Assert.Equal(2UL, reopened.HeadHeight);
        Assert.NotNull(reopened.GetBlock(2));
    }

    [Fact]
    public void Open_StoreHeldByAnotherProcess_RefusedNamingThatProcessAndItsBlocksSurvive()
    {
        TestChain chain = TestChain.Create(4, 1_000_000);
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Path.Combine(_directory, "genesis.json"), chain.Genesis.ToJson());
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(CrashWriterProgram).Assembly.Location);
        start.ArgumentList.Add("crash-writer");
        start.ArgumentList.Add(_directory);
        using Process writer = Process.Start(start) ?? throw new InvalidOperationException("could not start the writer");
        ulong before;
        ulong after;
        try
        {
            before = WaitForCommitted(writer, 3);

            var refused = Assert.Throws<DirectoryLockedException>(() => LedgerStore.Open(_directory));

            Assert.Contains($"process {writer.Id} ", refused.Holder, StringComparison.Ordinal);
            after = WaitForCommitted(writer, before + 3);
        }
        finally
        {
            writer.Kill(entireProcessTree: true);
            writer.WaitForExit();
        }

        // The kernel dropped the killed writer's lock: the store opens, with what it committed.
        using LedgerStore store = LedgerStore.Open(_directory);
        Assert.True(store.HeadHeight >= after, $"reopened at {store.HeadHeight}, the writer had reported {after}");
    }

    [Fact]
    public void Acquire_FolderHeldByAStore_RefusedUntilTheStoreIsDisposed()
    {
        LedgerStore store = LedgerStore.Open(_directory);

        Assert.Throws<DirectoryLockedException>(() => DirectoryLock.Acquire(_directory, "test"));
        store.Dispose();
        using DirectoryLock free = DirectoryLock.Acquire(_directory, "test");
        Assert.Equal(Path.GetFullPath(_directory), free.Directory);
    }

    private static void Append(LedgerStore store, ulong height)
    {
        Hash32[] ids = StoreTestBlocks.Ids(height, 2);
        store.Append(StoreTestBlocks.Block(height, ids, 64), ids);
    }

    private static ulong WaitForCommitted(Process writer, ulong height)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            string? line = writer.StandardOutput.ReadLine();
            if (line is null)
            {
                Assert.Fail($"the writer exited early: {writer.StandardError.ReadToEnd()}");
            }

            if (line.StartsWith("committed ", StringComparison.Ordinal))
            {
                ulong reported = ulong.Parse(line["committed ".Length..], CultureInfo.InvariantCulture);
                if (reported >= height)
                {
                    return reported;
                }
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), "the writer made no progress in 60 s");
        }
    }
}
