using System.Globalization;
using System.Net;
using Ledger.Chaos.Byzantine;
using Ledger.Chaos.Faults;
using Ledger.Client.Protos;
using Ledger.Crypto;
using Ledger.Crypto.Keys;
using Ledger.Genesis;
using Ledger.Node.Configuration;
using Ledger.Node.Testnet;

namespace Ledger.Chaos.Running;

/// <summary>
/// A scenario's fresh local network: a testnet (one validator per organisation) whose validators
/// reach each other only through <see cref="FaultNetwork"/>'s link proxies, run as processes
/// (ordinary or Byzantine), paused, killed and restarted on request. Every pause is undone and
/// every process stopped when it is disposed.
/// </summary>
public sealed class ChaosNetwork : IAsyncDisposable
{
    private readonly ChaosNetworkOptions _options;
    private readonly HashSet<string> _paused = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Misbehaviour> _byzantine = new(StringComparer.Ordinal);
    private readonly List<string> _unclean = [];

    private ChaosNetwork(ChaosNetworkOptions options, TestnetResult testnet, LocalNetwork local, FaultNetwork faults, IReadOnlyList<ChaosMember> members)
    {
        _options = options;
        Testnet = testnet;
        Local = local;
        Faults = faults;
        Members = members;
        Names = testnet.Genesis.Validators.Select(v => v.Name).ToList();
    }

    public TestnetResult Testnet { get; }

    public GenesisDocument Genesis => Testnet.Genesis;

    public LocalNetwork Local { get; }

    public FaultNetwork Faults { get; }

    /// <summary>Validator names in genesis order.</summary>
    public IReadOnlyList<string> Names { get; }

    public IReadOnlyList<ChaosMember> Members { get; }

    /// <summary>Validators now running a Byzantine host, with what they do.</summary>
    public IReadOnlyDictionary<string, Misbehaviour> Byzantine => _byzantine;

    /// <summary>Validators that did not stop cleanly (exit code not 0) when stopped by the driver, with the code.</summary>
    public IReadOnlyList<string> UncleanStops => _unclean;

    public IReadOnlyList<string> ClientEndpoints => Local.Validators.Select(v => v.Config.ClientEndpoint).ToList();

    /// <summary>Builds the testnet, routes every peer link through a proxy and starts every validator (ordinary).</summary>
    public static async Task<ChaosNetwork> StartAsync(ChaosNetworkOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var testnet = TestnetBuilder.Build(options.Directory, new TestnetOptions
        {
            Organisations = options.Validators,
            ValidatorsPerOrganisation = 1,
            MembersPerOrganisation = options.MembersPerOrganisation,
            ChainId = ChaosChain.For(options.Scenario),
            BasePort = options.BasePort,
            MemberBalance = options.MemberBalance,
            Timing = options.Timing,
            Parameters = options.Parameters,
        });
        var names = testnet.Genesis.Validators.Select(v => v.Name).ToList();
        RouteThroughProxies(testnet, names, options.BasePort);
        var faults = new FaultNetwork(names, i => PeerEndpoint(options.BasePort, i), (i, j) => ProxyEndpoint(options.BasePort, i, j));
        var members = testnet.Genesis.Members.Select((m, i) => new ChaosMember(
            m.Name,
            PublicKey.FromHex(m.PublicKey),
            Path.Combine(testnet.MemberDirectories[i], PkiLayout.MemberKeyFile))).ToList();
        var network = new ChaosNetwork(options, testnet, new LocalNetwork(options.Directory, options.Launchers.Ledger), faults, members);
        try
        {
            network.Local.StartAll();
            await network.Local.WaitForHeightAsync(2, options.StartTimeout, ct).ConfigureAwait(false);
            return network;
        }
        catch
        {
            await network.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public static IPEndPoint PeerEndpoint(int basePort, int index) => new(IPAddress.Loopback, basePort + (10 * index));

    public static IPEndPoint ProxyEndpoint(int basePort, int from, int to) => new(IPAddress.Loopback, basePort + 100 + (10 * from) + to);

    public string DataDirectory(string name)
    {
        var validator = Local.Validators.Single(v => v.Name == name);
        return NodeConfigValidator.Resolve(Path.GetDirectoryName(validator.ConfigPath)!, validator.Config.DataDir);
    }

    public SigningKey LoadMemberKey(ChaosMember member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return KeyFile.ImportSigningKey(File.ReadAllText(member.KeyPath));
    }

    public bool IsRunning(string name) => Local.IsRunning(name);

    /// <summary>Stops the validator (SIGTERM) and starts the Byzantine host on its node.json and data in its place.</summary>
    public async Task MakeByzantineAsync(string name, Misbehaviour behaviour, int seed)
    {
        await StopAsync(name).ConfigureAwait(false);
        var config = Local.Validators.Single(v => v.Name == name).ConfigPath;
        Local.StartWith(name, [.. _options.Launchers.Byzantine, "byzantine-node", "--config", config, "--misbehave", MisbehaviourNames.Format(behaviour), "--seed", seed.ToString(CultureInfo.InvariantCulture)]);
        _byzantine[name] = behaviour;
    }

    /// <summary>Stops the validator (SIGTERM) and starts it as an ordinary node again, on the same data.</summary>
    public async Task MakeHonestAsync(string name)
    {
        await StopAsync(name).ConfigureAwait(false);
        Local.Start(name);
    }

    /// <summary>SIGTERM (SIGKILL after 10 s); a stop that does not exit 0 is recorded in <see cref="UncleanStops"/>.</summary>
    public async Task StopAsync(string name)
    {
        Resume(name);
        var code = await Local.StopAsync(name).ConfigureAwait(false);
        _byzantine.Remove(name);
        if (code is { } c && c != 0)
        {
            _unclean.Add($"{name} (exit code {c})");
        }
    }

    /// <summary>SIGKILL: a crash.</summary>
    public void Kill(string name)
    {
        Resume(name);
        Local.Kill(name);
        _byzantine.Remove(name);
    }

    public void Start(string name) => Local.Start(name);

    /// <summary>Waits until the validator answers a status call (a restart takes seconds); false when it did not within <paramref name="limit"/>.</summary>
    public async Task<bool> WaitAnsweringAsync(string name, TimeSpan limit, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < limit && !ct.IsCancellationRequested)
        {
            if (await StatusAsync(name, ct).ConfigureAwait(false) is not null)
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), ct).ConfigureAwait(false);
        }

        return false;
    }

    public void Pause(string name)
    {
        if (Local.ProcessId(name) is { } pid && _paused.Add(name))
        {
            ProcessSignals.Pause(pid);
        }
    }

    public void Resume(string name)
    {
        if (_paused.Remove(name) && Local.ProcessId(name) is { } pid)
        {
            ProcessSignals.Resume(pid);
        }
    }

    public Task<GetStatusResponse?> StatusAsync(string name, CancellationToken ct) =>
        IsRunning(name) && !_paused.Contains(name) ? Local.TryStatusAsync(name, ct) : Task.FromResult<GetStatusResponse?>(null);

    /// <summary>Every validator's status (null for one stopped, paused or not answering).</summary>
    public async Task<IReadOnlyDictionary<string, GetStatusResponse?>> StatusesAsync(CancellationToken ct)
    {
        var statuses = await Task.WhenAll(Names.Select(n => StatusAsync(n, ct))).ConfigureAwait(false);
        return Names.Select((n, i) => (n, statuses[i])).ToDictionary(p => p.n, p => p.Item2, StringComparer.Ordinal);
    }

    /// <summary>Resumes paused validators and stops every one (SIGTERM), recording any that did not exit 0.</summary>
    public async Task StopAllAsync()
    {
        foreach (var name in _paused.ToList())
        {
            Resume(name);
        }

        foreach (var (name, code) in await Local.StopAllAsync().ConfigureAwait(false))
        {
            if (code != 0)
            {
                _unclean.Add($"{name} (exit code {code})");
            }
        }

        _byzantine.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var name in _paused.ToList())
        {
            Resume(name);
        }

        await Local.DisposeAsync().ConfigureAwait(false);
        await Faults.DisposeAsync().ConfigureAwait(false);
    }

    // Each validator's node.json lists its peers at the proxies of its own outgoing links.
    private static void RouteThroughProxies(TestnetResult testnet, IReadOnlyList<string> names, int basePort)
    {
        for (var i = 0; i < names.Count; i++)
        {
            var path = testnet.NodeConfigPaths[i];
            var config = NodeConfig.FromJson(File.ReadAllText(path));
            var peers = config.Peers.Select(p =>
            {
                var j = names.ToList().IndexOf(p.Name);
                return p with { Endpoint = ProxyEndpoint(basePort, i, j).ToString() };
            }).ToList();
            File.WriteAllText(path, (config with { Peers = peers }).ToJson() + "\n");
        }
    }
}
