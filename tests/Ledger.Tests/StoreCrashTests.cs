using System.Diagnostics;
using Ledger.Audit;
using Ledger.Storage;
using Ledger.TestKit.Chains;

namespace Ledger.Tests;

/// <summary>
/// Kills a process that is committing blocks (SIGKILL, no chance to clean up) and checks the
/// store reopens at a fully committed block: every state root checks on restore, the audit
/// is clean, no block beyond the head is visible, and the block file holds nothing past the
/// head block's record.
/// </summary>
public sealed class StoreCrashTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ledger-crash-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, true);
        }
    }

    [Fact]
    public void Reopen_AfterSigkillDuringWrites_IsAtLastCommittedBlock()
    {
        TestChain chain = TestChain.Create(8, 1_000_000);
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Path.Combine(_directory, "genesis.json"), chain.Genesis.ToJson());
        ulong lastReported = 0;
        for (int round = 0; round < 3; round++)
        {
            ulong reported = RunAndKill(lastReported + 3 + (ulong)round);
            using (LedgerEngine engine = LedgerEngine.Open(_directory, chain.Genesis))
            {
                Assert.True(engine.Committed.Height >= reported, $"reopened at {engine.Committed.Height}, the writer had reported {reported}");
                Assert.Null(engine.GetBlock(engine.Committed.Height + 1));
                Assert.Equal(engine.GetBlock(engine.Committed.Height)!.StateRoot, engine.Committed.StateRoot);
                lastReported = engine.Committed.Height;
            }

            // Nothing half-written is left: the block file ends where the head block's record does.
            (long offset, long length) = StoreFiles.Record(_directory, (long)lastReported);
            Assert.Equal(offset + length, new FileInfo(StoreFiles.BlockFilePath(_directory)).Length);
        }

        using LedgerStore store = LedgerStore.Open(_directory);
        AuditReport report = ChainAuditor.Audit(store, chain.Genesis, Genesis.GenesisState.DefaultBlockId(chain.Genesis));
        Assert.True(report.Clean, report.Divergence?.ToString());
        Assert.Equal(lastReported, report.HeadHeight);
        Assert.Equal((ulong)chain.Genesis.Members.Count * 1_000_000UL, report.TotalSupply);
    }

    // Starts the writer, waits until it reports `killAfter` committed blocks, then kills it mid-stream.
    private ulong RunAndKill(ulong killAfter)
    {
        string assembly = typeof(CrashWriterProgram).Assembly.Location;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add("crash-writer");
        start.ArgumentList.Add(_directory);
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start the writer");
        ulong reported = 0;
        var deadline = Stopwatch.StartNew();
        try
        {
            while (reported < killAfter)
            {
                string? line = process.StandardOutput.ReadLine();
                if (line is null)
                {
                    Assert.Fail($"the writer exited early: {process.StandardError.ReadToEnd()}");
                }

                if (line.StartsWith("committed ", StringComparison.Ordinal))
                {
                    reported = ulong.Parse(line["committed ".Length..], System.Globalization.CultureInfo.InvariantCulture);
                }

                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), "the writer made no progress in 60 s");
            }
        }
        finally
        {
            // Process.Kill sends SIGKILL on Unix: no finalisers, no flush, no LiteDB dispose.
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        return reported;
    }
}
