using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Ledger.Simulator;

namespace Ledger.Cli.Commands;

/// <summary>
/// `ledger sim`: runs seeded consensus scenarios in the deterministic simulator and exits non-zero
/// when any safety, liveness or detection check fails. A failing seed is printed with the command
/// that replays it. With --twins, the scenarios are Twins scenarios (<see cref="TwinsGenerator"/>);
/// with --epochs, scenarios with validator-set changes (<see cref="EpochScenarios"/>).
/// </summary>
public static class SimCommand
{
    public static Command Create()
    {
        var seeds = new Option<int>("--seeds") { Description = "Number of scenarios to run", DefaultValueFactory = _ => 200 };
        var firstSeed = new Option<int>("--first-seed") { Description = "Seed of the first scenario", DefaultValueFactory = _ => 1 };
        var seed = new Option<int?>("--seed") { Description = "Replay this one seed and print its outcome" };
        var validators = new Option<int>("--validators") { Description = "Committee size; 0 cycles through 4, 5, 7 and 10", DefaultValueFactory = _ => 0 };
        var byzantine = new Option<int>("--byzantine") { Description = "Byzantine validators per scenario; -1 picks 0..f by seed", DefaultValueFactory = _ => -1 };
        var parallel = new Option<int>("--parallel") { Description = "Scenarios run at once", DefaultValueFactory = _ => Environment.ProcessorCount };
        var trace = new Option<bool>("--trace") { Description = "With --seed: print proposals, commits and adversary actions as they happen" };
        var behaviours = new Option<ByzantineBehaviour[]>("--behaviour")
        {
            Description = "Draw Byzantine behaviours only from these (repeat the option; default: all)",
        };
        var heal = new Option<bool>("--heal")
        {
            Description = "Healing scenarios: a partition without a quorum outlasts the maximum round timeout, then heals; commits must resume within a base timeout and a few network delays (with --behaviour, one validator misbehaves that way)",
        };
        var epochs = new Option<bool>("--epochs")
        {
            Description = "Epoch scenarios: validator-set changes (add, remove, replace a key) with Byzantine validators, partitions and crashes around the boundaries; every honest replica must end in the last epoch",
        };
        var epochChanges = new Option<int>("--epoch-changes") { Description = "With --epochs: validator-set changes per scenario; 0 cycles through 1, 2 and 3", DefaultValueFactory = _ => 0 };
        var twins = new SimTwinsArguments();

        var command = new Command("sim", "Run seeded Byzantine consensus scenarios in the deterministic simulator");
        foreach (Option option in new Option[] { seeds, firstSeed, seed, validators, byzantine, parallel, trace, behaviours, heal, epochs, epochChanges }.Concat(twins.All))
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            int? single = parse.GetValue(seed);
            int count = single is null ? parse.GetValue(seeds) : 1;
            int first = single ?? parse.GetValue(firstSeed);
            int n = parse.GetValue(validators);
            int k = parse.GetValue(byzantine);
            ByzantineBehaviour[]? pool = parse.GetValue(behaviours) is { Length: > 0 } chosen ? chosen : null;
            if (count <= 0 || n < 0 || (n > 0 && n < 4) || n > 16)
            {
                Console.Error.WriteLine("--seeds must be positive and --validators 0 or 4..16");
                return 2;
            }

            var scenarios = new List<SimScenario>(count);
            TwinsOptions? twinsOptions = twins.Read(parse, n, out string? twinsError);
            if (twinsError is not null)
            {
                Console.Error.WriteLine(twinsError);
                return 2;
            }

            int changes = parse.GetValue(epochChanges);
            if (parse.GetValue(epochs))
            {
                if (changes < 0 || changes > 8 || (n > 0 && n > EpochScenarios.MaxSet) || (k >= 0 && n > 0 && k > (n - 1) / 3))
                {
                    Console.Error.WriteLine($"--epochs needs --epoch-changes 0..8, --validators 0 or 4..{EpochScenarios.MaxSet} and --byzantine -1 or 0..f");
                    return 2;
                }

                // Seed by seed: n = 4, 5, 7 and 1..3 changes in turn unless fixed; Byzantine 0..f by seed.
                scenarios.AddRange(Enumerable.Range(first, count).Select(s =>
                    EpochScenarios.Generate(s, n > 0 ? n : new[] { 4, 5, 7 }[s % 3], changes > 0 ? changes : 1 + (s / 3 % 3), k, pool)));
            }
            else if (parse.GetValue(heal))
            {
                scenarios.AddRange(Enumerable.Range(first, count).Select((s, i) => HealingScenarios.Generate(s, n > 0 ? n : new[] { 4, 7 }[i % 2], pool?[0])));
            }
            else if (twinsOptions is { } options)
            {
                scenarios.AddRange(Enumerable.Range(first, count).Select(s => TwinsGenerator.Generate(s, options)));
            }
            else
            {
                for (int i = 0; i < count; i++)
                {
                    int size = n > 0 ? n : new[] { 4, 5, 7, 10 }[i % 4];
                    int f = (size - 1) / 3;
                    int byz = k >= 0 ? k : (first + i) / 4 % (f + 1);
                    scenarios.Add(SimScenario.Generate(first + i, size, byz, pool));
                }
            }

            if (single is not null && parse.GetValue(trace))
            {
                SimResult traced = ScenarioRunner.Run(scenarios[0], new MemoizingSignatureVerifier(), Console.WriteLine);
                Console.WriteLine(traced.ToString());
                return traced.Passed ? 0 : 1;
            }

            var lastReport = Stopwatch.StartNew();
            SimSummary summary = ScenarioRunner.RunAll(scenarios, parse.GetValue(parallel), (done, result) =>
            {
                if (!result.Passed)
                {
                    Console.WriteLine(result.ToString());
                }

                if (lastReport.Elapsed.TotalSeconds >= 5)
                {
                    lastReport.Restart();
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ... {done}/{count} scenarios"));
                }
            });

            if (single is not null && summary.Results[0].Passed)
            {
                Console.WriteLine(summary.Results[0].ToString());
            }

            int failures = summary.Failures.Count;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{summary.Results.Count} scenarios, {failures} failed, {summary.Elapsed.TotalSeconds:F1} s, {summary.ScenariosPerSecond:F1} scenarios/s"));
            return failures == 0 ? 0 : 1;
        });
        return command;
    }
}
