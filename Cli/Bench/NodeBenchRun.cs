using System.Diagnostics;
using Ledger.BenchHost;
using Ledger.Client.Protos;
using Ledger.Crypto;
using Ledger.Crypto.Keys;
using Ledger.Genesis;
using Ledger.Node.Testnet;

namespace Ledger.Cli.Bench;

/// <summary>
/// One `bench node` run at one block size and signature scheme: a fresh testnet in a temporary
/// folder, its validators as separate processes (`ledger node run`, or the benchmark's own host
/// that skips client signature checks for scheme none), every transfer signed before the clock
/// starts, then offered through all validators in a closed loop (at most the outstanding window
/// offered and not committed) for the load's duration, and every accepted transfer waited for,
/// with a progress line every second. Processes are stopped and the folder removed however the
/// run ends (unless kept).
/// </summary>
public sealed class NodeBenchRun(NodeBenchOptions options, string scheme, int blockSize, double verifiesPerSecond, NodeBenchLaunchers launchers, TextWriter output)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public async Task<NodeBenchResult> RunAsync(CancellationToken ct)
    {
        string directory = Path.Combine(Path.GetTempPath(), "ledger-bench-node-" + Guid.NewGuid().ToString("N")[..8]);
        LocalNetwork? network = null;
        try
        {
            var testnet = TestnetBuilder.Build(directory, new TestnetOptions
            {
                // The unchecked host joins only a chain whose id marks it as the bench's own.
                ChainId = BenchChain.For(scheme),
                Organisations = options.Validators,
                ValidatorsPerOrganisation = 1,
                MembersPerOrganisation = options.MembersPerOrganisation,
                BasePort = options.BasePort,
                Parameters = new LedgerParameters { MaxBlockTransactions = blockSize },
            });
            network = new LocalNetwork(directory, launchers.Ledger);
            output.WriteLine($"   {options.Validators} validators ({Describe(scheme)}), {testnet.Genesis.Members.Count} members, testnet in {directory}");
            var signing = Stopwatch.StartNew();
            // As many as the measured load gets: a warm-up that ran out of transfers ended before the
            // JIT settled (20,000 lasted 6 s at blocks of 1,000 and left the optimising recompiles
            // inside the measurement). Signing them costs about 1.6 s per 100,000, not timed.
            var warmUp = SignAll(testnet, options.WarmUp > TimeSpan.Zero ? options.Transfers : 0);
            var transfers = SignAll(testnet, options.Transfers);
            output.WriteLine($"   {warmUp.Count + transfers.Count:N0} transfers signed in {signing.Elapsed.TotalSeconds:0.0} s (not timed)");
            Start(network);
            await network.WaitForHeightAsync(2, StartTimeout, ct).ConfigureAwait(false);
            if (warmUp.Count > 0)
            {
                // Fresh processes spend their first seconds of load in the JIT and in unoptimised
                // tier-0 code. The warm-up takes the worst of it out of the measurement; tiering
                // still goes on for a while under full load (docs/ARCHITECTURE.md).
                output.WriteLine($"   warm-up: at least {options.WarmUp.TotalSeconds:0} s, then until the validators' JIT settles (at most {JitWarmUp.MaxWarmUp.TotalSeconds:0} s; not measured)");
                using var watching = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var jit = WatchJitAsync(network, watching.Token);
                var warming = Stopwatch.StartNew();
                await LoadAsync(network, warmUp, options.WarmUp, measure: false, ct, keepGoing: () => !jit.IsCompleted && warming.Elapsed < JitWarmUp.MaxWarmUp).ConfigureAwait(false);
                await watching.CancelAsync().ConfigureAwait(false);
                double methods = await jit.ConfigureAwait(false);
                output.WriteLine($"   warm-up took {warming.Elapsed.TotalSeconds:0.0} s; {methods / network.Validators.Count:N0} methods compiled per validator" + (jit.IsCompletedSuccessfully && methods > 0 ? string.Empty : " (no JIT count)"));
            }

            output.WriteLine($"   measured load: {options.Duration.TotalSeconds:0} s, at most {WindowSize:N0} outstanding"
                + (options.Rate > 0 ? $", offered at {options.Rate:N0} transfers/s" : string.Empty));
            return await LoadAsync(network, transfers, options.Duration, measure: true, ct).ConfigureAwait(false);
        }
        finally
        {
            if (network is not null)
            {
                await network.StopAllAsync().ConfigureAwait(false);
            }

            if (options.Keep)
            {
                output.WriteLine($"   testnet kept in {directory}");
            }
            else
            {
                TryDelete(directory);
            }
        }
    }

    private int WindowSize => options.OutstandingFor(blockSize);

    private static string Describe(string scheme) => NodeBenchSchemes.ChecksSignatures(scheme) ? scheme + " signatures checked" : "client signatures NOT checked: benchmark host";

    /// <summary>Ordinary validators for a checked scheme; the benchmark's unchecked host for none.</summary>
    private void Start(LocalNetwork network)
    {
        foreach (var validator in network.Validators)
        {
            if (NodeBenchSchemes.ChecksSignatures(scheme))
            {
                network.Start(validator.Name);
            }
            else
            {
                network.StartWith(validator.Name, [.. launchers.UncheckedHost, NodeBenchLaunchers.UncheckedHostCommand, "--config", validator.ConfigPath]);
            }
        }
    }

    private static PresignedTransfers SignAll(TestnetResult testnet, int count)
    {
        var keys = testnet.MemberDirectories.Select(d => KeyFile.ImportSigningKey(File.ReadAllText(Path.Combine(d, PkiLayout.MemberKeyFile)))).ToList();
        try
        {
            return PresignedTransfers.Sign(testnet.Genesis.ChainId, keys, count, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        }
        finally
        {
            foreach (SigningKey key in keys)
            {
                key.Dispose();
            }
        }
    }

    /// <summary>
    /// Returns the validators' count of compiled methods once it has settled (<see cref="JitWarmUp.Settled"/>),
    /// sampling every second; the last count when cancelled, 0 when none could be read.
    /// </summary>
    private static async Task<double> WatchJitAsync(LocalNetwork network, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        double before = 0;
        long at = 0;
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
                double now = (await ValidatorSample.TakeAsync(network, http, ct).ConfigureAwait(false)).CompiledMethods;
                if (at != 0 && JitWarmUp.Settled(before, now, Stopwatch.GetElapsedTime(at)))
                {
                    return now;
                }

                (before, at) = (now, Stopwatch.GetTimestamp());
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or NodeBenchException)
        {
            return before;
        }
    }

    /// <summary>Offers transfers for <paramref name="duration"/> (or until the set runs out), then waits for every accepted one.</summary>
    /// <param name="measure">False for the warm-up: offered unpaced, and the blocks are not fetched for latencies.</param>
    /// <param name="keepGoing">Past <paramref name="duration"/>, offers go on while it says so (the warm-up waiting for the JIT).</param>
    private async Task<NodeBenchResult> LoadAsync(LocalNetwork network, PresignedTransfers transfers, TimeSpan duration, bool measure, CancellationToken ct, Func<bool>? keepGoing = null)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clients = network.Validators.Select(v => network.Client(v.Name)).ToList();
        long started = 0;
        using var window = new OutstandingWindow(WindowSize, () => Stopwatch.GetElapsedTime(started) >= duration && keepGoing?.Invoke() != true);
        // Every worker's batch must fit in the window at once (see TransferSubmitter).
        int workers = clients.Count * options.InFlightPerValidator;
        int maxBatch = Math.Clamp(WindowSize / workers, 1, TransferSubmitter.BatchSize);
        var submitter = new TransferSubmitter(transfers, clients, options.InFlightPerValidator, measure ? options.Rate : 0, window.MayOfferAsync, maxBatch);
        var follower = new CommitFollower(window.Committed);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var before = await ValidatorSample.TakeAsync(network, http, ct).ConfigureAwait(false);
        var statusBefore = await network.TryStatusAsync(network.Validators[0].Name, ct).ConfigureAwait(false);
        TimeSpan clientBefore = Process.GetCurrentProcess().TotalProcessorTime;
        follower.Start(clients[0], limit.Token);
        started = Stopwatch.GetTimestamp();
        limit.CancelAfter(options.RunTimeout);
        Task submitting = submitter.RunAsync(limit.Token);
        try
        {
            await WaitForCommitsAsync(network, submitter, follower, submitting, started, limit.Token, ct).ConfigureAwait(false);
        }
        finally
        {
            output.WriteLine();
            await follower.StopAsync().ConfigureAwait(false);
            await limit.CancelAsync().ConfigureAwait(false);
            await Task.WhenAny(submitting).ConfigureAwait(false);
        }

        var after = await ValidatorSample.TakeAsync(network, http, ct).ConfigureAwait(false);
        var statusAfter = await network.TryStatusAsync(network.Validators[0].Name, ct).ConfigureAwait(false);
        TimeSpan clientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientBefore;
        if (submitter.Refusals.Count > 0)
        {
            throw new NodeBenchException($"{submitter.Refusals.Values.Sum()} transfers were not accepted: " + string.Join("; ", submitter.Refusals.Select(r => $"{r.Value} x {r.Key}")));
        }

        var blocks = follower.Blocks.Where(b => b.Transactions > 0).ToList();
        LatencyStats latency = LatencyStats.Empty;
        if (measure)
        {
            output.WriteLine($"   fetching {blocks.Count} blocks for per-transfer commit latency (not timed)");
            latency = await CommitLatencies.CollectAsync(clients[0], network.Genesis, blocks, transfers, submitter, ct).ConfigureAwait(false);
        }

        return new NodeBenchResult
        {
            Scheme = scheme,
            BlockSize = blockSize,
            Outstanding = WindowSize,
            OfferedRate = measure ? options.Rate : 0,
            Replicas = network.Validators.Count,
            Cores = Environment.ProcessorCount,
            VerifiesPerSecond = verifiesPerSecond,
            Accepted = submitter.Accepted,
            Committed = follower.Transactions,
            Elapsed = follower.LastCommitAt == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(started, follower.LastCommitAt),
            Blocks = blocks.Count,
            LongestCommitGap = CommitFollower.LongestGap(follower.Blocks.Select(b => b.SeenAt), started, follower.LastCommitAt),
            MaxPerBlock = blocks.Count == 0 ? 0 : (int)blocks.Max(b => b.Transactions),
            Latency = latency,
            RoundTimeouts = after.RoundTimeoutsSince(before),
            RoundsWithoutBlock = RoundsWithoutBlock(statusBefore, statusAfter),
            ValidatorCpu = after.Cpu - before.Cpu,
            JitSeconds = after.JitSeconds - before.JitSeconds,
            ClientCpu = clientCpu,
            MempoolFullRetries = submitter.Retries,
            TimeByPhase = after.PhasesSince(before),
            FlushesByStore = after.FlushesSince(before),
        };
    }

    /// <summary>Returns once every accepted transfer is committed; throws when a validator dies, the stream breaks or time runs out.</summary>
    private async Task WaitForCommitsAsync(
        LocalNetwork network, TransferSubmitter submitter, CommitFollower follower, Task submitting, long started, CancellationToken limit, CancellationToken ct)
    {
        long nextProgress = 0;
        while (!(submitting.IsCompletedSuccessfully && follower.Transactions >= submitter.Accepted))
        {
            ct.ThrowIfCancellationRequested();
            if (network.Validators.FirstOrDefault(v => !network.IsRunning(v.Name)) is { } dead)
            {
                throw new NodeBenchException($"validator {dead.Name} exited during the run ({LogHint(network, dead.Name)})");
            }

            if (follower.Failure is { } failure)
            {
                throw new NodeBenchException($"{failure} (validator {network.Validators[0].Name})");
            }

            if (limit.IsCancellationRequested)
            {
                throw new NodeBenchException(
                    $"time limit of {options.RunTimeout.TotalSeconds:0} s reached: {submitter.Submitted:N0} of {submitter.Total:N0} submitted, "
                    + $"{follower.Transactions:N0} of {submitter.Accepted:N0} accepted transfers committed (raise --timeout, or lower --duration or --outstanding)");
            }

            if (submitting.IsFaulted)
            {
                await submitting.ConfigureAwait(false);
            }

            if (Stopwatch.GetTimestamp() >= nextProgress)
            {
                Progress(submitter, follower, started);
                nextProgress = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
            }

            await Task.Delay(50, ct).ConfigureAwait(false);
        }

        Progress(submitter, follower, started);
    }

    /// <summary>
    /// Rounds validator 1 moved through minus heights it committed: each round that ended in a
    /// timeout certificate instead of a block. Null when a status was not available.
    /// </summary>
    private static long? RoundsWithoutBlock(GetStatusResponse? before, GetStatusResponse? after) =>
        before is null || after is null ? null : (long)(after.Round - before.Round) - (long)(after.CommittedHeight - before.CommittedHeight);

    private void Progress(TransferSubmitter submitter, CommitFollower follower, long started)
    {
        double seconds = Math.Max(Stopwatch.GetElapsedTime(started).TotalSeconds, 0.001);
        output.Write($"\r   {seconds,5:0.0} s  submitted {submitter.Submitted,8:N0}  committed {follower.Transactions,8:N0}  height {follower.Height,5}  {follower.Transactions / seconds,7:N0} tx/s   ");
    }

    private string LogHint(LocalNetwork network, string validator) =>
        options.Keep ? "log: " + Path.Combine(network.LogDirectory, validator + ".log") : "rerun with --keep to keep its log";

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A log file still open on a slow file system; the temp folder is cleaned by the OS eventually.
        }
    }
}
