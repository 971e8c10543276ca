using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Ledger.Cli.Bench;
using Ledger.Cli.Support;
using Ledger.Crypto;

namespace Ledger.Cli.Commands;

/// <summary>`ledger bench crypto`: Ed25519 sign and verify cost per operation, on one core and on all cores.</summary>
public static class BenchCryptoCommand
{
    /// <summary>About the size of a transfer's signed bytes.</summary>
    private const int MessageSize = 160;

    private const int DistinctMessages = 4096;

    public static Command Create()
    {
        var seconds = new Option<double>("--seconds") { Description = "Seconds per measurement", DefaultValueFactory = _ => 2.0 };
        var replicas = new Option<int>("--replicas") { Description = "Replica count n for the throughput bound C*v/n", DefaultValueFactory = _ => 4 };
        var command = new Command("crypto", "Ed25519 sign and verify: operations per second and microseconds per operation, 1 core vs all cores");
        command.Options.Add(seconds);
        command.Options.Add(replicas);
        command.SetAction(parse => CliGuard.Run(() =>
        {
            double duration = parse.GetValue(seconds);
            int n = parse.GetValue(replicas);
            if (duration is <= 0 or > 600)
            {
                throw new CliException("--seconds must be in (0, 600]");
            }

            if (n < 1)
            {
                throw new CliException("--replicas must be at least 1");
            }

            Run(TimeSpan.FromSeconds(duration), n);
            return CliExit.Ok;
        }));
        return command;
    }

    private static void Run(TimeSpan duration, int replicas)
    {
        int cores = Environment.ProcessorCount;
        using SigningKey key = SigningKey.Generate();
        var messages = new byte[DistinctMessages][];
        var rng = new Random(1);
        for (int i = 0; i < messages.Length; i++)
        {
            messages[i] = new byte[MessageSize];
            rng.NextBytes(messages[i]);
        }

        VerificationItem[] items = messages.Select(m => new VerificationItem(key.PublicKey, m, key.Sign(m))).ToArray();
        Console.WriteLine($"Ed25519 (NSec/libsodium), {MessageSize}-byte messages, {duration.TotalSeconds:0.#} s per row, {cores} logical cores");
        if (File.Exists("/proc/loadavg"))
        {
            // Other processes competing for the cores skew every row; say so next to the numbers.
            Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
        }
        Console.WriteLine();

        double signOne = Measure(duration, 1, (worker, i) => key.Sign(messages[i % DistinctMessages]));
        double signAll = Measure(duration, cores, (worker, i) => key.Sign(messages[(i + (worker * 997)) % DistinctMessages]));
        double verifyOne = Measure(duration, 1, (worker, i) =>
        {
            VerificationItem item = items[i % DistinctMessages];
            if (!Ed25519.Verify(item.Key, item.Message.Span, item.Signature))
            {
                throw new InvalidOperationException("benchmark signature failed to verify");
            }
        });
        double verifyAll = MeasureParallelVerifier(duration, items);

        var rows = new List<IReadOnlyList<string>>
        {
            Row("sign", 1, signOne),
            Row("sign", cores, signAll),
            Row("verify", 1, verifyOne),
            Row("verify (ParallelVerifier)", cores, verifyAll),
        };
        Console.Write(TextChart.Table(["operation", "cores", "ops/s", "us/op (wall)", "us/op per core"], rows));
        Console.WriteLine();
        Console.Write(TextChart.Bars(
        [
            ("sign   x1", signOne),
            ($"sign   x{cores}", signAll),
            ("verify x1", verifyOne),
            ($"verify x{cores}", verifyAll),
        ], "ops/s"));
        Console.WriteLine();
        Console.WriteLine($"parallel speed-up: sign {signAll / signOne:0.00}x, verify {verifyAll / verifyOne:0.00}x on {cores} cores");
        Console.WriteLine($"throughput bound C*v/n for n={replicas} replicas on this machine: {verifyAll / replicas:N0} transactions/s " +
            "(every replica verifies every client signature once)");
    }

    private static List<string> Row(string operation, int cores, double opsPerSecond) =>
    [
        operation,
        cores.ToString(CultureInfo.InvariantCulture),
        opsPerSecond.ToString("N0", CultureInfo.InvariantCulture),
        (1e6 / opsPerSecond).ToString("0.00", CultureInfo.InvariantCulture),
        (1e6 * cores / opsPerSecond).ToString("0.00", CultureInfo.InvariantCulture),
    ];

    /// <summary>Operations per second of <paramref name="operation"/> run by <paramref name="workers"/> threads for <paramref name="duration"/>.</summary>
    private static double Measure(TimeSpan duration, int workers, Action<int, int> operation)
    {
        // Warm up: JIT, libsodium initialisation, caches.
        for (int i = 0; i < 200; i++)
        {
            operation(0, i);
        }

        long total = 0;
        var stopwatch = Stopwatch.StartNew();
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, worker =>
        {
            long count = 0;
            while (stopwatch.Elapsed < duration)
            {
                for (int i = 0; i < 64; i++)
                {
                    operation(worker, (int)(count + i));
                }

                count += 64;
            }

            Interlocked.Add(ref total, count);
        });
        return total / stopwatch.Elapsed.TotalSeconds;
    }

    private static double MeasureParallelVerifier(TimeSpan duration, VerificationItem[] items)
    {
        ParallelVerifier.Verify(items);
        long total = 0;
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < duration)
        {
            bool[] results = ParallelVerifier.Verify(items);
            if (Array.IndexOf(results, false) >= 0)
            {
                throw new InvalidOperationException("benchmark signature failed to verify");
            }

            total += items.Length;
        }

        return total / stopwatch.Elapsed.TotalSeconds;
    }
}
