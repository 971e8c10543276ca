using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Ledger.Chaos.Checks;
using Ledger.Chaos.Scenarios;
using Ledger.Chaos.Workload;
using Ledger.Crypto;

namespace Ledger.Chaos.Running;

/// <summary>
/// Runs one scenario from start to verdict: a fresh network, the bank workload, live checkpoints,
/// the scenario's faults, the time to resume once they stop, a settled end, every validator
/// stopped, and the stores audited and judged against the workload's history.
/// </summary>
public sealed class ScenarioRun(ChaosOptions options, TextWriter output)
{
    private readonly TextWriter _output = TextWriter.Synchronized(output);

    private static readonly string[] Expected =
    [
        CheckNames.Supply, CheckNames.NoNegative, CheckNames.ExactlyOnce, CheckNames.OnlySent, CheckNames.RootsAgree,
        CheckNames.Verified, CheckNames.Audit, CheckNames.Resumed, CheckNames.CleanStop,
    ];

    public async Task<ScenarioResult> RunAsync(ChaosScenario scenario, int index, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var book = new CheckBook(scenario.ExpectsEvidence ? [.. Expected, CheckNames.Evidence] : Expected);
        var directory = Path.Combine(options.WorkDirectory, scenario.Name);
        var seed = options.Seed + (index * 7919);
        var clock = Stopwatch.StartNew();
        void Say(string line) => _output.WriteLine($"  [{scenario.Name} {clock.Elapsed.TotalSeconds,5:0.0}s] {line}");

        Say($"starting {scenario.Validators} validators in {directory}");
        ChaosNetwork network;
        try
        {
            network = await ChaosNetwork.StartAsync(new ChaosNetworkOptions
            {
                Directory = directory,
                Scenario = scenario.Name,
                Validators = scenario.Validators,
                MembersPerOrganisation = Math.Max(2, (16 + scenario.Validators - 1) / scenario.Validators),
                BasePort = options.BasePort,
                Parameters = scenario.Parameters,
                Launchers = options.Launchers,
            }, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or IOException or System.Net.Sockets.SocketException)
        {
            return new ScenarioResult(scenario.Name, "(network did not start)", 0, 0, book.Verdicts, null, $"the network did not start: {e.Message} (logs in {Path.Combine(directory, "logs")})", []);
        }

        var faults = string.Empty;
        TimeSpan? resumed = null;
        WorkloadHistory history;
        await using (network.ConfigureAwait(false))
        {
            var workload = new BankWorkload(network, options.Workload, Path.Combine(directory, "wallets"), seed);
            await using (workload.ConfigureAwait(false))
            {
                history = workload.History;
                var live = new LiveChecks(network, book, history, options.Workload.CallDeadline);
                using var stopCheckpoints = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var checkpoints = CheckpointsAsync(live, history, Say, stopCheckpoints.Token);

                await ScenarioContext.HoldAsync(options.Warmup, ct).ConfigureAwait(false);
                var context = new ScenarioContext(network, workload, new Random(seed), options.Brief, Say);
                await scenario.RunAsync(context, options.FaultDuration, ct).ConfigureAwait(false);
                faults = context.Faults;
                Say("faults stopped; waiting for every validator to commit again");
                var (time, heights) = await ResumeClock.MeasureAsync(network, options.ResumeLimit, ct).ConfigureAwait(false);
                resumed = time;
                book.Check(CheckNames.Resumed, time is null ? $"the network did not resume: {heights}" : null);
                Say(time is { } t ? $"resumed in {t.TotalSeconds:0.0} s ({heights})" : $"NOT resumed: {heights}");

                await ScenarioContext.HoldAsync(options.Cooldown, ct).ConfigureAwait(false);
                await workload.StopAsync().ConfigureAwait(false);
                await SettleAsync(network, ct).ConfigureAwait(false);
                await stopCheckpoints.CancelAsync().ConfigureAwait(false);
                await checkpoints.ConfigureAwait(false);
                await live.RunAsync(ct).ConfigureAwait(false);
                await CheckHealthAsync(network, book, scenario, ct).ConfigureAwait(false);
            }

            Say("stopping every validator");
            await network.StopAllAsync().ConfigureAwait(false);
            book.Check(CheckNames.CleanStop, network.UncleanStops.Count == 0 ? null : $"did not stop cleanly: {string.Join(", ", network.UncleanStops)}");

            Say("auditing every store");
            var chain = StoreScan.Scan(book, network.Genesis, network.Names.Select(n => (n, network.DataDirectory(n))).ToList());
            var genesisBalances = network.Genesis.Members.ToDictionary(m => PublicKey.FromHex(m.PublicKey), m => m.Balance);
            ChainJudge.Judge(book, genesisBalances, history, chain);
            var acknowledged = ChainJudge.Acknowledged(history, chain);
            var notes = Notes(history, chain);
            var result = new ScenarioResult(scenario.Name, faults, history.Signed.Count, acknowledged, book.Verdicts, resumed, null, notes);
            Say($"{result.ChecksPassed}/{result.Checks.Count} checks passed; {history.Signed.Count} transfers signed, {acknowledged} acknowledged, height {(chain.Count == 0 ? 0 : chain[^1].Height)}");
            return result;
        }
    }

    private async Task CheckpointsAsync(LiveChecks live, WorkloadHistory history, Action<string> say, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(options.CheckpointInterval, ct).ConfigureAwait(false);
                var statuses = await live.RunAsync(ct).ConfigureAwait(false);
                var heights = string.Join(" ", statuses.Select(s => s.Value is { } v ? v.CommittedHeight.ToString(CultureInfo.InvariantCulture) : "-"));
                say($"heights {heights}; signed {history.Signed.Count}, proven {history.Proven.Count}");
            }
        }
        catch (OperationCanceledException)
        {
            // The run moved on to its final checks.
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && ct.IsCancellationRequested)
        {
            // The same, seen by a gRPC call in flight: cancelling its token surfaces as a Cancelled
            // status, not as OperationCanceledException, and used to fail the whole scenario.
        }
    }

    // Waits (bounded) until no validator holds pending transfers, so what the workload sent last has its chance to commit.
    private async Task SettleAsync(ChaosNetwork network, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < options.SettleLimit)
        {
            var statuses = await network.StatusesAsync(ct).ConfigureAwait(false);
            if (statuses.Values.All(s => s is { MempoolSize: 0 }))
            {
                return;
            }

            await ScenarioContext.HoldAsync(TimeSpan.FromMilliseconds(200), ct).ConfigureAwait(false);
        }
    }

    // Before stopping: every validator still running (none crashed), answering, and not halted;
    // and, where a validator equivocated, the honest ones hold the evidence.
    private static async Task CheckHealthAsync(ChaosNetwork network, CheckBook book, ChaosScenario scenario, CancellationToken ct)
    {
        var statuses = await network.StatusesAsync(ct).ConfigureAwait(false);
        foreach (var name in network.Names)
        {
            var problem = !network.IsRunning(name) ? $"{name} is not running at the end (it crashed or never came back)"
                : statuses[name] is not { } status ? $"{name} does not answer at the end"
                : status.Mode == "halted" ? $"{name} halted: {status.ModeReason}"
                : null;
            book.Check(CheckNames.CleanStop, problem);
        }

        if (scenario.ExpectsEvidence)
        {
            var byzantine = scenario.ByzantineValidators(network.Names).ToHashSet(StringComparer.Ordinal);
            foreach (var name in network.Names.Where(n => !byzantine.Contains(n)))
            {
                book.Check(CheckNames.Evidence, statuses[name] is { Equivocations: > 0 } ? null : $"{name} recorded no equivocation evidence");
            }
        }
    }

    private static List<string> Notes(WorkloadHistory history, IReadOnlyList<ChainBlock> chain)
    {
        var notes = new List<string>();
        if (history.Refusals.Count > 0)
        {
            notes.Add("refused: " + string.Join(", ", history.Refusals.OrderByDescending(r => r.Value).Select(r => $"{r.Key} {r.Value}")));
        }

        notes.Add($"proven {history.Proven.Count}, unknown when the wait ended {history.Unknown}, committed transactions {chain.Sum(b => b.Transactions.Count)}");
        notes.AddRange(history.Errors.Take(5).Select(e => "workload error: " + e));
        return notes;
    }
}
