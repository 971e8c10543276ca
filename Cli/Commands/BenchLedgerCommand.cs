using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Ledger.Cli.Bench;
using Ledger.Cli.Support;
using Ledger.Crypto;
using Ledger.State;
using Ledger.Storage;

namespace Ledger.Cli.Commands;

/// <summary>
/// `ledger bench ledger`: transfers per second of execution (state root included) on one core
/// over many accounts, with and without the LiteDB commit, memory per account, and the cost of
/// one transfer against the cost of verifying one signature.
/// </summary>
public static class BenchLedgerCommand
{
    public static Command Create()
    {
        var accounts = new Option<int>("--accounts") { Description = "Accounts in the state", DefaultValueFactory = _ => 1_000_000 };
        var transfers = new Option<int>("--transfers") { Description = "Transfers to execute", DefaultValueFactory = _ => 200_000 };
        var blockSize = new Option<int>("--block-size") { Description = "Transfers per block", DefaultValueFactory = _ => 2_000 };
        var noCommit = new Option<bool>("--no-commit") { Description = "Skip the execution + LiteDB commit run" };
        var command = new Command("ledger", "Execution and commit of pre-verified transfers over many accounts (one core)");
        command.Options.Add(accounts);
        command.Options.Add(transfers);
        command.Options.Add(blockSize);
        command.Options.Add(noCommit);
        command.SetAction(parse => CliGuard.Run(() =>
        {
            int n = parse.GetValue(accounts);
            int m = parse.GetValue(transfers);
            int b = parse.GetValue(blockSize);
            if (n < 2 || m < 1 || b < 1)
            {
                throw new CliException("--accounts must be at least 2, --transfers and --block-size at least 1");
            }

            Run(n, m, b, !parse.GetValue(noCommit));
            return CliExit.Ok;
        }));
        return command;
    }

    private static void Run(int accounts, int transfers, int blockSize, bool withCommit)
    {
        Console.WriteLine($"ledger bench: {accounts:N0} accounts, {transfers:N0} pre-verified transfers, blocks of {blockSize:N0}, one thread");
        var bench = new LedgerBenchmark(accounts, transfers, blockSize, Console.WriteLine);
        bench.Setup();
        Console.WriteLine($"  set-up took {bench.SetupTime.TotalSeconds:0.0} s");

        // A warm-up pass on a copy of the first blocks would mutate nothing (states are
        // immutable), so warm the JIT with one block and discard the result.
        Console.WriteLine("  executing (state root computed per block) ...");
        (TimeSpan execTime, LedgerState final, int failed) = bench.Run(null);
        double execRate = transfers / execTime.TotalSeconds;
        if (final.TotalSupply != bench.Genesis!.TotalSupply)
        {
            throw new InvalidOperationException("supply changed during the benchmark");
        }

        double commitRate = 0;
        if (withCommit)
        {
            string directory = Path.Combine(Path.GetTempPath(), "ledger-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            try
            {
                Console.WriteLine($"  executing + committing to LiteDB in {directory} ...");
                using LedgerStore store = LedgerStore.Open(directory);
                store.Initialise(Hash32.Sha256([0]));
                (TimeSpan commitTime, _, _) = bench.Run(store);
                commitRate = transfers / commitTime.TotalSeconds;
            }
            finally
            {
                Directory.Delete(directory, true);
            }
        }

        double verifyRate = MeasureVerify();
        double bytesPerAccount = (double)bench.StateBytes / accounts;
        Console.WriteLine();
        var rows = new List<IReadOnlyList<string>>
        {
            Row("execution (incl. state root)", execRate),
        };
        if (withCommit)
        {
            rows.Add(Row("execution + LiteDB commit", commitRate));
        }

        rows.Add(Row("Ed25519 verify (reference)", verifyRate));
        Console.Write(TextChart.Table(["measurement (1 core)", "per second", "us each"], rows));
        Console.WriteLine();
        var bars = new List<(string, double)> { ("execution", execRate) };
        if (withCommit)
        {
            bars.Add(("execution + commit", commitRate));
        }

        bars.Add(("Ed25519 verify", verifyRate));
        Console.Write(TextChart.Bars(bars, "/s"));
        Console.WriteLine();
        Console.WriteLine($"state memory: {bench.StateBytes / (1024.0 * 1024):N0} MiB for {accounts:N0} accounts = {bytesPerAccount:N0} bytes/account (managed heap, after GC)");
        Console.WriteLine($"process working set: {Process.GetCurrentProcess().WorkingSet64 / (1024.0 * 1024):N0} MiB");
        Console.WriteLine($"failed receipts (insufficient funds etc.): {failed:N0}; total supply unchanged: {final.TotalSupply:N0}");
        Console.WriteLine($"one transfer executes in {100.0 * verifyRate / execRate:0.0}% of the time one signature verification takes (goal: < 25%)");
        Console.WriteLine($"goal >= 100,000 transfers/s execution: {(execRate >= 100_000 ? "met" : "NOT met")}");
    }

    private static IReadOnlyList<string> Row(string name, double perSecond) =>
        [name, perSecond.ToString("N0", CultureInfo.InvariantCulture), (1e6 / perSecond).ToString("0.00", CultureInfo.InvariantCulture)];

    private static double MeasureVerify()
    {
        using SigningKey key = SigningKey.FromSeed(new byte[32]);
        byte[] message = new byte[160];
        Signature signature = key.Sign(message);
        var clock = Stopwatch.StartNew();
        int count = 0;
        while (clock.ElapsedMilliseconds < 1000)
        {
            if (!Ed25519.Verify(key.PublicKey, message, signature))
            {
                throw new InvalidOperationException("reference signature did not verify");
            }

            count++;
        }

        return count / clock.Elapsed.TotalSeconds;
    }
}
