using Ledger.Client.Nodes;
using Ledger.Client.Protos;
using Ledger.Genesis;
using Ledger.Node.Configuration;

namespace Ledger.Node.Testnet;

/// <summary>
/// An initialised testnet folder run as one process per validator on loopback: start, stop,
/// crash and restart single validators, and talk to their client APIs. Used by `ledger testnet
/// up`, `ledger demo` and the integration tests.
/// </summary>
public sealed class LocalNetwork : IAsyncDisposable
{
    private readonly IReadOnlyList<string> _launcher;
    private readonly Dictionary<string, ValidatorProcess> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LedgerClient.LedgerClientClient> _clients = new(StringComparer.Ordinal);

    public LocalNetwork(string directory, IReadOnlyList<string> launcher)
    {
        ArgumentNullException.ThrowIfNull(directory);
        Directory = Path.GetFullPath(directory);
        _launcher = launcher ?? throw new ArgumentNullException(nameof(launcher));
        var genesisPath = Path.Combine(Directory, PkiLayout.GenesisFile);
        if (!File.Exists(genesisPath))
        {
            throw new FileNotFoundException($"'{Directory}' holds no testnet (no {PkiLayout.GenesisFile}); run `ledger testnet init --out {Directory}` first", genesisPath);
        }

        Genesis = GenesisDocument.Load(genesisPath);
        GenesisPath = genesisPath;
        // Genesis's validators in order, then any other node folder (a validator of an organisation
        // a validator-set change adds: its node runs from the same testnet folder).
        var genesisNames = Genesis.Validators.Select(v => v.Name).ToList();
        var nodesFolder = Path.Combine(Directory, TestnetBuilder.NodesFolder);
        IEnumerable<string> added = System.IO.Directory.Exists(nodesFolder)
            ? System.IO.Directory.GetDirectories(nodesFolder).Select(Path.GetFileName).OfType<string>()
                .Where(n => !genesisNames.Contains(n) && File.Exists(Path.Combine(nodesFolder, n, PkiLayout.NodeConfigFile)))
                .Order(StringComparer.Ordinal)
            : [];
        Validators = genesisNames.Concat(added).Select(name =>
        {
            var path = Path.Combine(nodesFolder, name, PkiLayout.NodeConfigFile);
            return new LocalValidator(name, path, NodeConfig.FromJson(File.ReadAllText(path)));
        }).ToList();
        LogDirectory = Path.Combine(Directory, "logs");
        System.IO.Directory.CreateDirectory(LogDirectory);
    }

    public string Directory { get; }

    public string GenesisPath { get; }

    public string LogDirectory { get; }

    public GenesisDocument Genesis { get; }

    public IReadOnlyList<LocalValidator> Validators { get; }

    public bool IsRunning(string name) => _running.TryGetValue(name, out var p) && !p.HasExited;

    /// <summary>The operating-system process id of a running validator, or null when it is not running.</summary>
    public int? ProcessId(string name) => _running.TryGetValue(name, out var p) && !p.HasExited ? p.ProcessId : null;

    public void StartAll()
    {
        foreach (var validator in Validators)
        {
            Start(validator.Name);
        }
    }

    public void Start(string name) => StartWith(name, [.. _launcher, "node", "run", "--config", Find(name).ConfigPath]);

    /// <summary>
    /// Starts a validator with another command than `ledger node run`: its whole command line,
    /// which names the validator's node.json itself (the chaos tool's Byzantine host).
    /// </summary>
    public void StartWith(string name, IReadOnlyList<string> commandLine)
    {
        if (IsRunning(name))
        {
            return;
        }

        Find(name);
        _running.Remove(name, out var old);
        old?.Dispose();
        _running[name] = ValidatorProcess.Launch(name, commandLine, Path.Combine(LogDirectory, name + ".log"));
    }

    /// <summary>SIGTERM (SIGKILL after 10 s); returns the exit code, 0 for a clean stop, or null when it was not running.</summary>
    public async Task<int?> StopAsync(string name)
    {
        if (!_running.Remove(name, out var process))
        {
            return null;
        }

        using (process)
        {
            await process.StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            return process.ExitCode;
        }
    }

    /// <summary>SIGKILL, as in a crash.</summary>
    public void Kill(string name)
    {
        if (_running.Remove(name, out var process))
        {
            process.Kill();
            process.Dispose();
        }
    }

    /// <summary>
    /// SIGTERM to every running validator (SIGKILL after 10 s); returns each one's exit code, 0
    /// for a clean stop.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, int>> StopAllAsync()
    {
        await Task.WhenAll(_running.Values.Select(p => p.StopAsync(TimeSpan.FromSeconds(10)))).ConfigureAwait(false);
        var exits = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var process in _running.Values)
        {
            exits[process.Name] = process.ExitCode ?? -1;
            process.Dispose();
        }

        _running.Clear();
        return exits;
    }

    public LedgerClient.LedgerClientClient Client(string name)
    {
        if (!_clients.TryGetValue(name, out var client))
        {
            client = NodeClientFactory.Create(Find(name).Config.ClientEndpoint, Genesis);
            _clients[name] = client;
        }

        return client;
    }

    /// <summary>The node's status, or null when it does not answer within a second.</summary>
    public async Task<GetStatusResponse?> TryStatusAsync(string name, CancellationToken ct)
    {
        try
        {
            // Wait for ready: after a validator restarts, its channel fails calls at once with the
            // old connection error until its next reconnect, which would read as "not answering".
            return await Client(name).GetStatusAsync(
                new GetStatusRequest(), new Grpc.Core.CallOptions(deadline: DateTime.UtcNow.AddSeconds(1), cancellationToken: ct).WithWaitForReady()).ConfigureAwait(false);
        }
        catch (Grpc.Core.RpcException)
        {
            return null;
        }
    }

    /// <summary>Waits until every running validator answers and has committed at least <paramref name="height"/>.</summary>
    public async Task WaitForHeightAsync(ulong height, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < deadline)
        {
            var statuses = await Task.WhenAll(Validators.Where(v => IsRunning(v.Name)).Select(v => TryStatusAsync(v.Name, ct))).ConfigureAwait(false);
            if (statuses.All(s => s is not null && s.CommittedHeight >= height))
            {
                return;
            }

            await Task.Delay(200, ct).ConfigureAwait(false);
        }

        throw new TimeoutException($"the validators did not all reach height {height} within {timeout.TotalSeconds:0} s");
    }

    public async ValueTask DisposeAsync()
    {
        await StopAllAsync().ConfigureAwait(false);
    }

    private LocalValidator Find(string name) =>
        Validators.FirstOrDefault(v => v.Name == name) ?? throw new ArgumentException($"no validator '{name}' in this testnet", nameof(name));
}
