using Ledger.Chaos.Running;
using Ledger.Chaos.Workload;

namespace Ledger.Chaos.Scenarios;

/// <summary>What a scenario's faults act on: the network, the workload (for load that fills blocks), a seeded random source, and where to say what it did.</summary>
public sealed class ScenarioContext(ChaosNetwork network, BankWorkload workload, Random random, bool brief, Action<string> progress)
{
    private readonly List<string> _faults = [];

    public ChaosNetwork Network => network;

    public BankWorkload Workload => workload;

    public Random Random => random;

    /// <summary>A short run (`--short`): shorter pauses and smaller bursts.</summary>
    public bool Brief => brief;

    /// <summary>What the faults were, for the summary table.</summary>
    public string Faults => string.Join("; ", _faults);

    /// <summary>Adds to the table's description of the faults, and prints it as progress.</summary>
    public void Note(string fault)
    {
        _faults.Add(fault);
        progress(fault);
    }

    public void Progress(string line) => progress(line);

    /// <summary>Waits, returning early (false) when the run is cancelled.</summary>
    public static async Task<bool> HoldAsync(TimeSpan time, CancellationToken ct)
    {
        try
        {
            await Task.Delay(time, ct).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
