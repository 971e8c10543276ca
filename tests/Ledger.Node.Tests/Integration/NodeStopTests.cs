using System.Diagnostics;
using System.Globalization;

namespace Ledger.Node.Tests.Integration;

/// <summary>
/// Four real validator processes on 127.0.0.1 (ports 9400-9432) stopped the way an operator or a
/// service manager stops them: Ctrl-C (SIGINT) for one, SIGTERM for the rest. Each must exit 0,
/// log that it stopped, and log nothing at error level or above while stopping.
/// </summary>
[Trait("Category", "Integration")]
[Collection(SecondProcessClusterCollection.Name)]
public sealed class NodeStopTests
{
    [Fact]
    public async Task NodeRun_SigtermAndSigint_ExitZeroWithStoppedLineAndNoErrors()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = timeout.Token;
        await using var cluster = new ClusterHarness(basePort: 9400);
        var names = cluster.Network.Validators.Select(v => v.Name).ToList();
        cluster.Network.StartAll();
        await cluster.WaitAsync(names, s => s.All(x => x.CommittedHeight >= 3), TimeSpan.FromSeconds(60), "network start", ct);

        // Ctrl-C in a terminal is SIGINT to the node.
        var first = cluster.Network.ProcessId(names[0]) ?? throw new InvalidOperationException("not running");
        Signal("INT", first);
        using (var exited = Process.GetProcessById(first))
        {
            await exited.WaitForExitAsync(ct);
        }

        var exits = await cluster.Network.StopAllAsync();

        Assert.Equal(names.Order(), exits.Keys.Order());
        foreach (var name in names)
        {
            var log = await File.ReadAllLinesAsync(Path.Combine(cluster.Network.LogDirectory, name + ".log"), ct);
            var errors = log.Where(l => l.Contains(" ERR]", StringComparison.Ordinal) || l.Contains(" FTL]", StringComparison.Ordinal) || l.Contains("Unhandled exception", StringComparison.Ordinal)).ToList();
            Assert.True(exits[name] == 0, $"{name} exited with {exits[name]}:\n{string.Join('\n', log.TakeLast(20))}");
            Assert.True(errors.Count == 0, $"{name} logged errors while stopping:\n{string.Join('\n', errors)}");
            Assert.Contains(log, l => l.Contains($"Node {name} stopped at committed height", StringComparison.Ordinal));
        }
    }

    private static void Signal(string signal, int processId)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", processId.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("could not run kill");
        kill.WaitForExit();
    }
}
