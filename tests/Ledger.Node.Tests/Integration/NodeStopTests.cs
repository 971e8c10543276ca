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

        // Ctrl-C in a terminal is SIGINT to the node. A child inherits an ignored SIGINT (a test
        // run started with `nohup ... &` has it ignored, and so has every node it starts, which
        // then rightly keeps running on Ctrl-C), so there the first node gets SIGTERM as well.
        var first = cluster.Network.ProcessId(names[0]) ?? throw new InvalidOperationException("not running");
        Signal(SigIntIgnoredHere() ? "TERM" : "INT", first);
        using (var exited = Process.GetProcessById(first))
        {
            // Its own bound, so a node that does not stop fails with its log rather than the
            // test's overall timeout (a run under `nohup ... &` saw the first node ignore SIGINT).
            using var stopBound = CancellationTokenSource.CreateLinkedTokenSource(ct);
            stopBound.CancelAfter(TimeSpan.FromSeconds(45));
            try
            {
                await exited.WaitForExitAsync(stopBound.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                var log = await File.ReadAllLinesAsync(Path.Combine(cluster.Network.LogDirectory, names[0] + ".log"), CancellationToken.None);
                Assert.Fail($"{names[0]} still ran 45 s after SIGINT; the end of its log:\n{string.Join('\n', log.TakeLast(40))}");
            }
        }

        var exits = await cluster.Network.StopAllAsync();

        Assert.Equal(names.Order(), exits.Keys.Order());
        foreach (var name in names)
        {
            var log = await File.ReadAllLinesAsync(Path.Combine(cluster.Network.LogDirectory, name + ".log"), ct);
            var errors = ErrorsWithTheirExceptions(log);
            Assert.True(exits[name] == 0, $"{name} exited with {exits[name]}:\n{string.Join('\n', log.TakeLast(20))}");
            Assert.True(errors.Count == 0, $"{name} logged errors while stopping:\n{string.Join('\n', errors)}");
            Assert.Contains(log, l => l.Contains($"Node {name} stopped at committed height", StringComparison.Ordinal));
        }
    }

    // Each error line with the lines after it up to the next log line (Serilog writes an exception
    // and its stack trace there): an error seen once under load (org4 logging "Error when executing
    // service method 'GetStatus'" while stopping) could not be explained from its first line alone.
    private static List<string> ErrorsWithTheirExceptions(IReadOnlyList<string> log)
    {
        var errors = new List<string>();
        for (var i = 0; i < log.Count; i++)
        {
            if (log[i].Contains(" ERR]", StringComparison.Ordinal) || log[i].Contains(" FTL]", StringComparison.Ordinal) || log[i].Contains("Unhandled exception", StringComparison.Ordinal))
            {
                errors.Add(string.Join('\n', log.Skip(i).Take(1).Concat(log.Skip(i + 1).TakeWhile(l => !l.StartsWith('[')).Take(40))));
            }
        }

        return errors;
    }

    // Bit 1 (signal 2, SIGINT) of the SigIgn mask in /proc/self/status (Linux).
    private static bool SigIntIgnoredHere()
    {
        var line = File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal)) : null;
        return line is not null && (ulong.Parse(line["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & 0x2) != 0;
    }

    private static void Signal(string signal, int processId)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", processId.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("could not run kill");
        kill.WaitForExit();
    }
}
