using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ledger.Cli.Bench;
using Ledger.Cli.Support;
using Ledger.Crypto;

namespace Ledger.Cli.Commands;

/// <summary>
/// `ledger bench crypto`: sign and verify cost per operation, on one core and on all cores, for
/// Ed25519 (NSec, the node's; BouncyCastle), ECDSA P-256 (.NET) and HMAC-SHA-256 (the symmetric
/// baseline), with the throughput bound C*v/n each scheme would give a BFT ledger.
/// </summary>
public static class BenchCryptoCommand
{
    /// <summary>About the size of a transfer's signed bytes.</summary>
    private const int MessageSize = 160;

    private const int DistinctMessages = 4096;

    public static Command Create()
    {
        var seconds = new Option<double>("--seconds") { Description = "Seconds per measurement", DefaultValueFactory = _ => 2.0 };
        var replicas = new Option<int>("--replicas") { Description = "Replica count n for the throughput bound C*v/n", DefaultValueFactory = _ => 4 };
        var schemes = new Option<string>("--schemes")
        {
            Description = "Comma-separated schemes: " + string.Join(", ", SignatureSchemes.Names),
            DefaultValueFactory = _ => string.Join(',', SignatureSchemes.Names),
        };
        var csv = new Option<string?>("--csv") { Description = "Also write the rows to this CSV file" };
        var command = new Command("crypto", "Sign and verify per operation, 1 core vs all cores: Ed25519 (NSec, BouncyCastle), ECDSA P-256, HMAC-SHA-256");
        foreach (Option option in new Option[] { seconds, replicas, schemes, csv })
        {
            command.Options.Add(option);
        }

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

            string[] chosen = parse.GetValue(schemes)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (chosen.Length == 0)
            {
                throw new CliException($"--schemes names no scheme; known: {string.Join(", ", SignatureSchemes.Names)}");
            }

            if (chosen.FirstOrDefault(s => !SignatureSchemes.Names.Contains(s)) is { } unknown)
            {
                throw new CliException($"--schemes: unknown scheme '{unknown}'; known: {string.Join(", ", SignatureSchemes.Names)}");
            }

            var rows = Run(TimeSpan.FromSeconds(duration), n, chosen.Distinct().ToList());
            if (parse.GetValue(csv) is { } path)
            {
                File.WriteAllText(path, ToCsv(rows));
                Console.WriteLine($"rows written to {path}");
            }

            return CliExit.Ok;
        }));
        return command;
    }

    private static List<CryptoBenchRow> Run(TimeSpan duration, int replicas, IReadOnlyList<string> names)
    {
        int cores = Environment.ProcessorCount;
        var rng = new Random(1);
        var messages = new byte[DistinctMessages][];
        for (int i = 0; i < messages.Length; i++)
        {
            messages[i] = new byte[MessageSize];
            rng.NextBytes(messages[i]);
        }

        Console.WriteLine($"{MessageSize}-byte messages, {duration.TotalSeconds:0.#} s per row, {cores} logical cores, bound C*v/n for n={replicas}");
        if (File.Exists("/proc/loadavg"))
        {
            // Other processes competing for the cores skew every row; say so next to the numbers.
            Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
        }

        Console.WriteLine();
        var rows = new List<CryptoBenchRow>();
        foreach (string name in names)
        {
            using SignatureScheme scheme = SignatureSchemes.Create(name);
            Console.Error.WriteLine($"measuring {scheme.Description} ...");
            ISchemeWorker first = scheme.CreateWorker();
            byte[][] signatures = messages.Select(first.Sign).ToArray();
            ISchemeWorker[] workers = [.. Enumerable.Range(0, cores).Select(_ => scheme.CreateWorker())];

            rows.Add(new CryptoBenchRow(name, "sign", 1, Measure(duration, 1, (w, i) => workers[w].Sign(messages[i % DistinctMessages]))));
            rows.Add(new CryptoBenchRow(name, "sign", cores, Measure(duration, cores, (w, i) => workers[w].Sign(messages[(i + (w * 997)) % DistinctMessages]))));
            rows.Add(new CryptoBenchRow(name, "verify", 1, Measure(duration, 1, (w, i) => Check(workers[w].Verify(messages[i % DistinctMessages], signatures[i % DistinctMessages])))));
            rows.Add(new CryptoBenchRow(name, "verify", cores, Measure(duration, cores, (w, i) =>
            {
                int at = (i + (w * 997)) % DistinctMessages;
                Check(workers[w].Verify(messages[at], signatures[at]));
            })));
            if (name == "ed25519")
            {
                // The node verifies a block's transfers in batches through ParallelVerifier.
                rows.Add(new CryptoBenchRow(name, "verify (ParallelVerifier)", cores, MeasureParallelVerifier(duration, messages)));
            }
        }

        Console.Write(TextChart.Table(
            ["scheme", "operation", "cores", "ops/s", "us/op (wall)", "us/op per core", $"C*v/n, n={replicas}"],
            rows.Select(r => (IReadOnlyList<string>)
            [
                r.Scheme,
                r.Operation,
                r.Cores.ToString(CultureInfo.InvariantCulture),
                r.OpsPerSecond.ToString("N0", CultureInfo.InvariantCulture),
                r.MicrosecondsPerOp.ToString("0.00", CultureInfo.InvariantCulture),
                r.MicrosecondsPerOpPerCore.ToString("0.00", CultureInfo.InvariantCulture),
                r.IsVerify && r.Cores == cores ? (r.OpsPerSecond / replicas).ToString("N0", CultureInfo.InvariantCulture) : string.Empty,
            ]).ToList()));
        Console.WriteLine();
        Console.Write(TextChart.Bars(rows.Where(r => r.IsVerify).Select(r => ($"{r.Scheme} {r.Operation} x{r.Cores}", r.OpsPerSecond)).ToList(), "verifications/s"));
        Console.WriteLine();
        Console.WriteLine("C*v/n: every replica checks every client signature once, so n replicas with C cores each verifying v per core-second commit at most C*v/n transfers per second.");
        return rows;
    }

    private static string ToCsv(IEnumerable<CryptoBenchRow> rows)
    {
        var text = new StringBuilder("scheme,operation,cores,ops_per_second,us_per_op,us_per_op_per_core\n");
        foreach (CryptoBenchRow r in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"{r.Scheme},\"{r.Operation}\",{r.Cores},{r.OpsPerSecond:0.##},{r.MicrosecondsPerOp:0.####},{r.MicrosecondsPerOpPerCore:0.####}\n");
        }

        return text.ToString();
    }

    private static void Check(bool verified)
    {
        if (!verified)
        {
            throw new InvalidOperationException("benchmark signature failed to verify");
        }
    }

    /// <summary>Operations per second of <paramref name="operation"/> run by <paramref name="workers"/> threads for <paramref name="duration"/>.</summary>
    private static double Measure(TimeSpan duration, int workers, Action<int, int> operation)
    {
        // Warm up: JIT, library initialisation, caches.
        for (int w = 0; w < workers; w++)
        {
            for (int i = 0; i < 100; i++)
            {
                operation(w, i);
            }
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

    private static double MeasureParallelVerifier(TimeSpan duration, byte[][] messages)
    {
        using SigningKey key = SigningKey.Generate();
        VerificationItem[] items = messages.Select(m => new VerificationItem(key.PublicKey, m, key.Sign(m))).ToArray();
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
