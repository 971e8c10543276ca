using System.Diagnostics;
using Ledger.Chaos.Running;

namespace Ledger.Chaos.Checks;

/// <summary>
/// How long the network takes to commit again once faults stop: from the moment they stop until
/// every running validator has committed a block above the highest height any of them had then.
/// </summary>
public static class ResumeClock
{
    /// <summary>The time to resume, or null when it did not happen within <paramref name="limit"/>; the second item says where each validator got to.</summary>
    public static async Task<(TimeSpan? Resumed, string Heights)> MeasureAsync(ChaosNetwork network, TimeSpan limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(network);
        var clock = Stopwatch.StartNew();
        var before = await network.StatusesAsync(ct).ConfigureAwait(false);
        var floor = before.Values.Where(s => s is not null).Select(s => s!.CommittedHeight).DefaultIfEmpty(0UL).Max();
        var heights = string.Empty;
        while (clock.Elapsed < limit)
        {
            var statuses = await network.StatusesAsync(ct).ConfigureAwait(false);
            heights = string.Join(" ", network.Names.Select(n => $"{n}:{(statuses[n] is { } s ? s.CommittedHeight.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-")}"));
            var running = network.Names.Where(network.IsRunning).ToList();
            if (running.Count > 0 && running.All(n => statuses[n] is { } s && s.CommittedHeight > floor))
            {
                return (clock.Elapsed, heights);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), ct).ConfigureAwait(false);
        }

        return (null, $"none above {floor} everywhere within {limit.TotalSeconds:0} s ({heights})");
    }
}
