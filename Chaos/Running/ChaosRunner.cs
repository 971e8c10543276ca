namespace Ledger.Chaos.Running;

/// <summary>
/// `ledger chaos`: each chosen scenario against its own fresh network, one after another, then
/// the summary table. Passes (true) only if every scenario ran and every check held. The folders
/// of a failed scenario are kept for its logs; a passed run's are removed unless asked to keep them.
/// </summary>
public sealed class ChaosRunner(ChaosOptions options, TextWriter output)
{
    public async Task<(bool Passed, IReadOnlyList<ScenarioResult> Results)> RunAsync(CancellationToken ct)
    {
        var results = new List<ScenarioResult>();
        output.WriteLine($"chaos: {options.Scenarios.Count} scenario(s), {options.FaultDuration.TotalSeconds:0} s of faults each, work folder {options.WorkDirectory}");
        var runner = new ScenarioRun(options, output);
        for (var i = 0; i < options.Scenarios.Count && !ct.IsCancellationRequested; i++)
        {
            var scenario = options.Scenarios[i];
            output.WriteLine($"{i + 1}/{options.Scenarios.Count} {scenario.Name}: {scenario.Description}");
            var result = await runner.RunAsync(scenario, i, ct).ConfigureAwait(false);
            results.Add(result);
            if (result.Passed && !options.Keep)
            {
                TryDelete(Path.Combine(options.WorkDirectory, scenario.Name));
            }
        }

        output.WriteLine();
        ChaosReport.Write(output, results);
        var passed = results.Count == options.Scenarios.Count && results.All(r => r.Passed);
        output.WriteLine(passed ? "chaos: every check held" : $"chaos: VIOLATIONS (folders kept in {options.WorkDirectory})");
        return (passed, results);
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A log still held open; the work folder can be removed by hand.
        }
    }
}
