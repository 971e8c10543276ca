using System.Globalization;
using System.Text.RegularExpressions;
using Grpc.Core;
using Ledger.Client.Evidence;
using Ledger.Client.Protos;
using Ledger.Crypto;
using Ledger.Node.Configuration;
using Xunit.Abstractions;

namespace Ledger.Node.Tests.Integration;

/// <summary>
/// Four real validator processes on 127.0.0.1 (ports 9200-9240), snapshotting every 10 blocks: one
/// is stopped, its data folder deleted (keys and node.json kept) and started again. It must install
/// a peer's snapshot instead of syncing from genesis (its store begins above block 1 and it says
/// so). Then another is stopped with its store kept while the others commit more than the
/// threshold: restarted far behind, it must replace its blocks with a peer's snapshot too. A third
/// is paused (SIGSTOP) while running and resumed after the others committed more than the
/// threshold: it must install a snapshot in the same process, without a restart. Each then
/// commits new blocks with the others at the same state roots.
/// </summary>
[Trait("Category", "Integration")]
[Collection(ProcessClusterCollection.Name)]
public sealed partial class SnapshotInstallTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task FourValidators_WipedValidatorRestarted_InstallsASnapshotAndCommitsWithTheOthers()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ct = timeout.Token;
        await using var cluster = new ClusterHarness(basePort: 9200);
        foreach (var validator in cluster.Network.Validators)
        {
            var config = NodeConfig.FromJson(await File.ReadAllTextAsync(validator.ConfigPath, ct)) with
            {
                Storage = new NodeStorageConfig { SnapshotEveryBlocks = 10, SnapshotsKept = 2, InstallSnapshotBehindBlocks = 5 },
            };
            await File.WriteAllTextAsync(validator.ConfigPath, config.ToJson(), ct);
        }

        var names = cluster.Network.Validators.Select(v => v.Name).ToList();
        cluster.Network.StartAll();
        await cluster.WaitAsync(names, s => s.All(x => x.CommittedHeight >= 2), Step, "network start", ct);
        while ((await cluster.StatusAsync(names[0], ct)).CommittedHeight < 25)
        {
            await cluster.SendAsync(20, ct);
        }

        // Stop a validator and wipe its data folder: safety record, ledger, snapshots, everything.
        var wiped = names[^1];
        var others = names.Where(n => n != wiped).ToList();
        var validatorConfig = cluster.Network.Validators.Single(v => v.Name == wiped);
        await cluster.Network.StopAsync(wiped);
        Directory.Delete(Path.Combine(Path.GetDirectoryName(validatorConfig.ConfigPath)!, validatorConfig.Config.DataDir), recursive: true);
        await cluster.SendAsync(20, ct);
        var chainHeight = (await cluster.StatusAsync(others[0], ct)).CommittedHeight;

        cluster.Network.Start(wiped);
        TimeSpan rejoined;
        try
        {
            rejoined = await cluster.WaitAsync([wiped], s => s[0].CommittedHeight >= chainHeight + 3, Step, "wiped validator rejoins", ct);
        }
        catch (TimeoutException)
        {
            // What the rejoining validator said, for the failure's report.
            foreach (var line in File.ReadLines(Path.Combine(cluster.Network.LogDirectory, wiped + ".log")).TakeLast(80))
            {
                output.WriteLine(line);
            }

            throw;
        }

        output.WriteLine($"{wiped} rejoined past height {chainHeight + 3} in {rejoined.TotalSeconds:0.0} s");

        // It installed a snapshot: fewer blocks fetched than the chain's height, and its store has no block 1.
        var installed = await MetricAsync(validatorConfig.Config.MetricsEndpoint!, "ledger_snapshot_installed_height", ct);
        output.WriteLine($"installed snapshot height {installed}, chain height at restart {chainHeight}");
        Assert.True(installed >= 10, $"{wiped} installed no snapshot (ledger_snapshot_installed_height {installed})");
        var log = await File.ReadAllTextAsync(Path.Combine(cluster.Network.LogDirectory, wiped + ".log"), ct);
        Assert.Contains($"Snapshot install: installed height {installed.ToString(CultureInfo.InvariantCulture)}", log, StringComparison.Ordinal);
        var notStored = await Assert.ThrowsAsync<RpcException>(async () => await cluster.Network.Client(wiped).GetBlockAsync(new GetBlockRequest { Height = 1 }, cancellationToken: ct));
        Assert.Equal(StatusCode.FailedPrecondition, notStored.StatusCode);

        // A transfer committed below the snapshot is not "unknown" there: the node says it cannot tell.
        var below = await FirstTransferCommittedAtOrBelowAsync(cluster, others[0], (ulong)installed, ct);
        var cannotTell = await Assert.ThrowsAsync<RpcException>(async () => await cluster.Network.Client(wiped).GetTransferAsync(
            new GetTransferRequest { TransactionId = Google.Protobuf.ByteString.CopyFrom(below.ToArray()) }, cancellationToken: ct));
        Assert.Equal(StatusCode.FailedPrecondition, cannotTell.StatusCode);

        // It commits new blocks with the others, at the same state roots.
        await AllCommitAtTheSameRootsAsync(cluster, names, ct);

        // A validator stopped with its store while the others commit more than the threshold
        // restarts far behind: it gives up its blocks for a peer's snapshot instead of syncing
        // them one by one, keeps its safety record, and rejoins.
        var behind = others[^1];
        var behindConfig = cluster.Network.Validators.Single(v => v.Name == behind);
        await cluster.Network.StopAsync(behind);
        var stoppedAt = (await cluster.StatusAsync(others[0], ct)).CommittedHeight;
        while ((await cluster.StatusAsync(others[0], ct)).CommittedHeight < stoppedAt + 25)
        {
            await cluster.SendAsync(20, ct);
        }

        cluster.Network.Start(behind);
        var behindTarget = (await cluster.StatusAsync(others[0], ct)).CommittedHeight;
        await cluster.WaitAsync([behind], s => s[0].CommittedHeight >= behindTarget, Step, "validator far behind rejoins", ct);
        var replaced = await MetricAsync(behindConfig.Config.MetricsEndpoint!, "ledger_snapshot_installed_height", ct);
        output.WriteLine($"{behind} stopped at about {stoppedAt}, installed snapshot height {replaced}");
        Assert.True(replaced > stoppedAt + 5, $"{behind} (stopped at about {stoppedAt}) installed no snapshot (ledger_snapshot_installed_height {replaced})");
        var behindLog = await File.ReadAllTextAsync(Path.Combine(cluster.Network.LogDirectory, behind + ".log"), ct);
        Assert.Contains($"Snapshot install: installed height {replaced.ToString(CultureInfo.InvariantCulture)}", behindLog, StringComparison.Ordinal);
        Assert.Equal(StatusCode.FailedPrecondition, (await Assert.ThrowsAsync<RpcException>(async () =>
            await cluster.Network.Client(behind).GetBlockAsync(new GetBlockRequest { Height = 1 }, cancellationToken: ct))).StatusCode);

        await AllCommitAtTheSameRootsAsync(cluster, names, ct);

        // A validator cut off WHILE RUNNING (paused: its sockets stay open, it answers nothing)
        // while the others commit more than the threshold: resumed, it hears certificates far
        // above its committed height, stops signing, and installs a peer's snapshot in the same
        // process (no restart by anyone), then commits at the same roots.
        var paused = others[1];
        var pausedConfig = cluster.Network.Validators.Single(v => v.Name == paused);
        int processId = cluster.Network.ProcessId(paused) ?? throw new InvalidOperationException($"{paused} is not running");
        var pausedAt = (await cluster.StatusAsync(paused, ct)).CommittedHeight;
        Signal(processId, "STOP");
        try
        {
            var awake = names.Where(n => n != paused).ToList();
            while ((await cluster.StatusAsync(others[0], ct)).CommittedHeight < pausedAt + 25)
            {
                await cluster.SendAsync(20, ct, awake);
            }
        }
        finally
        {
            Signal(processId, "CONT");
        }

        var pausedTarget = (await cluster.StatusAsync(others[0], ct)).CommittedHeight;
        var pausedRejoined = await cluster.WaitAsync([paused], s => s[0].CommittedHeight >= pausedTarget, Step, "paused validator far behind rejoins", ct);
        Assert.Equal(processId, cluster.Network.ProcessId(paused));
        var runningInstalls = await MetricAsync(pausedConfig.Config.MetricsEndpoint!, "ledger_snapshot_running_installs_total", ct);
        var reinstalled = await MetricAsync(pausedConfig.Config.MetricsEndpoint!, "ledger_snapshot_installed_height", ct);
        output.WriteLine($"{paused} paused at {pausedAt}, installed snapshot height {reinstalled} while running ({runningInstalls} running installs), reached {pausedTarget} {pausedRejoined.TotalSeconds:0.0} s after it was resumed");
        Assert.Equal(1, runningInstalls);
        Assert.True(reinstalled > pausedAt + 5, $"{paused} (paused at {pausedAt}) installed no snapshot (ledger_snapshot_installed_height {reinstalled})");
        var pausedLog = await File.ReadAllTextAsync(Path.Combine(cluster.Network.LogDirectory, paused + ".log"), ct);
        Assert.Contains("restarting the replica in this process to install", pausedLog, StringComparison.Ordinal);
        Assert.Contains($"Snapshot install: installed height {reinstalled.ToString(CultureInfo.InvariantCulture)}", pausedLog, StringComparison.Ordinal);
        Assert.Equal(StatusCode.FailedPrecondition, (await Assert.ThrowsAsync<RpcException>(async () =>
            await cluster.Network.Client(paused).GetBlockAsync(new GetBlockRequest { Height = pausedAt }, cancellationToken: ct))).StatusCode);

        await AllCommitAtTheSameRootsAsync(cluster, names, ct);
    }

    // SIGSTOP / SIGCONT: .NET has no API to send them; the POSIX kill utility does.
    private static void Signal(int processId, string signal)
    {
        using var kill = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("kill", ["-" + signal, processId.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("could not run kill");
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    private static async Task AllCommitAtTheSameRootsAsync(ClusterHarness cluster, IReadOnlyList<string> names, CancellationToken ct)
    {
        // The compared height is above every node's current head, so it is above any snapshot a
        // node installed (a node that installed at height h stores blocks from h + 1 only, and h
        // was some peer's committed height): read right after an install, the first node's head
        // can equal the installed height, and that block is not stored on the node that installed.
        await cluster.SendAsync(20, ct);
        ulong top = 0;
        foreach (var name in names)
        {
            top = Math.Max(top, (await cluster.StatusAsync(name, ct)).CommittedHeight + 1);
        }

        await cluster.WaitAsync(names, s => s.All(x => x.CommittedHeight >= top + 2), Step, "all past one height", ct);
        var verifier = new EvidenceVerifier(cluster.Network.Genesis);
        var roots = new List<Hash32>();
        foreach (var name in names)
        {
            var block = await cluster.Network.Client(name).GetBlockAsync(new GetBlockRequest { Height = top }, cancellationToken: ct);
            Assert.True(block.Found, $"{name} has no block {top}");
            roots.Add(verifier.VerifyCommitted(block.Evidence).StateRoot);
        }

        Assert.Single(roots.Distinct());
    }

    private static async Task<Hash32> FirstTransferCommittedAtOrBelowAsync(ClusterHarness cluster, string node, ulong height, CancellationToken ct)
    {
        foreach (var id in cluster.Accepted.Keys)
        {
            var answer = await cluster.Network.Client(node).GetTransferAsync(new GetTransferRequest { TransactionId = Google.Protobuf.ByteString.CopyFrom(id.ToArray()) }, cancellationToken: ct);
            if (answer.State == TransferState.Committed && answer.Committed.Height <= height)
            {
                return id;
            }
        }

        throw new InvalidOperationException($"no accepted transfer committed at or below height {height}");
    }

    private static async Task<double> MetricAsync(string endpoint, string name, CancellationToken ct)
    {
        using var http = new HttpClient();
        var text = await http.GetStringAsync(new Uri($"http://{endpoint}/metrics"), ct);
        return Series().Matches(text).Where(m => m.Groups["name"].Value == name).Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"(?m)^(?<name>[a-z_]+)(\{[^}]*\})? (?<value>\S+)$")]
    private static partial Regex Series();
}
