using System.Collections.Concurrent;
using Google.Protobuf;
using Grpc.Core;
using Ledger.Client.Protos;
using Ledger.Crypto;
using Ledger.Crypto.Keys;
using Ledger.Node.Configuration;
using Ledger.Node.Testnet;
using Ledger.Transactions;

namespace Ledger.Node.Tests.Integration;

/// <summary>A 4-validator testnet run as real processes, with helpers to send transfers and read statuses.</summary>
internal sealed partial class ClusterHarness : IAsyncDisposable
{
    private readonly string _directory;
    private readonly List<SigningKey> _members;

    /// <param name="spareOrganisations">
    /// Organisations made (CA, admin, validator with its node folder and node.json, listed in every
    /// other node's peers) but left out of genesis: ones a validator-set change can add.
    /// </param>
    public ClusterHarness(int basePort, int organisations = 4, int spareOrganisations = 0)
    {
        _directory = Path.Combine(Path.GetTempPath(), "node-it-" + Guid.NewGuid().ToString("N")[..8]);
        var testnet = TestnetBuilder.Build(_directory, new TestnetOptions
        {
            ChainId = "it-chain",
            Organisations = organisations + spareOrganisations,
            BasePort = basePort,
            Timing = new ConsensusTimingConfig { BaseRoundTimeoutMs = 500, MaxRoundTimeoutMs = 4000, DegradedAfterMs = 5000, HeartbeatMs = 1000 },
        });
        WithSpares = testnet.Genesis;
        var inGenesis = testnet.Genesis.Organisations.Take(organisations).Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        if (spareOrganisations > 0)
        {
            var genesis = testnet.Genesis with
            {
                Organisations = [.. testnet.Genesis.Organisations.Where(o => inGenesis.Contains(o.Name))],
                Validators = [.. testnet.Genesis.Validators.Where(v => inGenesis.Contains(v.Organisation))],
                Members = [.. testnet.Genesis.Members.Where(m => inGenesis.Contains(m.Organisation))],
            };
            File.WriteAllText(Path.Combine(_directory, PkiLayout.GenesisFile), genesis.ToJson());

            // A node judges CRL files against the CAs it knows: a spare organisation's CRL is not
            // one of them until a change adds it, so no node reads it (the ledger carries revocations too).
            foreach (var config in System.IO.Directory.GetFiles(Path.Combine(_directory, TestnetBuilder.NodesFolder), PkiLayout.NodeConfigFile, SearchOption.AllDirectories))
            {
                var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(config))!.AsObject();
                var crls = json["crlPaths"]!.AsArray();
                foreach (var spare in crls.Where(c => !inGenesis.Any(o => c!.GetValue<string>().Contains($"/{o}/", StringComparison.Ordinal))).ToList())
                {
                    crls.Remove(spare);
                }

                File.WriteAllText(config, json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
            }
        }

        var genesisMembers = testnet.Genesis.Members.Where(m => inGenesis.Contains(m.Organisation)).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        MemberKeyPaths = testnet.MemberDirectories.Where(d => genesisMembers.Contains(Path.GetFileName(d))).Select(d => Path.Combine(d, PkiLayout.MemberKeyFile)).ToList();
        _members = MemberKeyPaths.Select(p => KeyFile.ImportSigningKey(File.ReadAllText(p))).ToList();
        Network = new LocalNetwork(_directory, [Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "ledger.exe" : "ledger")]);
    }

    public LocalNetwork Network { get; }

    public IReadOnlyList<SigningKey> Members => _members;

    /// <summary>Each member's key file, in genesis order (for `ledger wallet --key`).</summary>
    public IReadOnlyList<string> MemberKeyPaths { get; }

    /// <summary>A folder for wallet profiles, removed with the testnet.</summary>
    /// <summary>A genesis listing the spare organisations too (never given to a node): what a client trusting every organisation's CA is built from.</summary>
    public Ledger.Genesis.GenesisDocument WithSpares { get; }

    /// <summary>The testnet's folder (orgs/, nodes/, members/, genesis.json).</summary>
    public string Directory => _directory;

    public string ProfileFolder(string name) => Path.Combine(_directory, "wallets", name);

    public string ClientEndpoint(string validator) => Network.Validators.Single(v => v.Name == validator).Config.ClientEndpoint;

    /// <summary>Accepted transaction id -> the validator that accepted it.</summary>
    public ConcurrentDictionary<Hash32, string> Accepted { get; } = new();

    /// <summary>Submissions not accepted, by outcome and reason.</summary>
    public ConcurrentDictionary<string, int> Refusals { get; } = new();

    public IEnumerable<string> Running => Network.Validators.Select(v => v.Name).Where(Network.IsRunning);

    /// <summary>Sends <paramref name="count"/> transfers, round-robin over the running validators (or the given ones).</summary>
    public async Task SendAsync(int count, CancellationToken ct, IReadOnlyList<string>? only = null)
    {
        var nodes = only?.ToList() ?? Running.ToList();
        var random = new Random(count);
        for (var i = 0; i < count; i++)
        {
            var from = _members[i % _members.Count];
            var to = _members[(i + 1 + random.Next(_members.Count - 1)) % _members.Count].PublicKey;
            var transfer = Transfer.Create(Network.Genesis.ChainId, from, to, (ulong)random.Next(1, 50), TransferNonce.Random(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            var node = nodes[i % nodes.Count];
            try
            {
                var answer = await Network.Client(node).SubmitTransferAsync(
                    new SubmitTransferRequest { Transfer = ByteString.CopyFrom(transfer.Encoded) },
                    deadline: DateTime.UtcNow.AddSeconds(5),
                    cancellationToken: ct);
                if (answer.Outcome == SubmitOutcome.Accepted)
                {
                    Accepted[transfer.Id] = node;
                }
                else
                {
                    Refusals.AddOrUpdate($"{answer.Outcome} {answer.RejectionCode}", 1, (_, n) => n + 1);
                }
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
            {
                // The node went away mid-call: not acknowledged.
                Refusals.AddOrUpdate(ex.StatusCode.ToString(), 1, (_, n) => n + 1);
            }
        }
    }

    public async Task<GetStatusResponse> StatusAsync(string node, CancellationToken ct) =>
        await Network.TryStatusAsync(node, ct) ?? throw new InvalidOperationException($"{node} does not answer");

    /// <summary>The sum of a metric's series (all label values) as <paramref name="node"/> exports it.</summary>
    public async Task<double> MetricAsync(string node, string name, CancellationToken ct)
    {
        var endpoint = Network.Validators.Single(v => v.Name == node).Config.MetricsEndpoint!;
        using var http = new HttpClient();
        var text = await http.GetStringAsync(new Uri($"http://{endpoint}/metrics"), ct);
        return MetricSeries().Matches(text).Where(m => m.Groups["name"].Value == name)
            .Sum(m => double.Parse(m.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Waits until <paramref name="condition"/> holds for the statuses of <paramref name="nodes"/>.</summary>
    public async Task<TimeSpan> WaitAsync(IEnumerable<string> nodes, Func<IReadOnlyList<GetStatusResponse>, bool> condition, TimeSpan timeout, string what, CancellationToken ct)
    {
        var names = nodes.ToList();
        var started = DateTimeOffset.UtcNow;
        while (DateTimeOffset.UtcNow - started < timeout)
        {
            var statuses = await Task.WhenAll(names.Select(n => Network.TryStatusAsync(n, ct)));
            if (statuses.All(s => s is not null) && condition(statuses!))
            {
                return DateTimeOffset.UtcNow - started;
            }

            await Task.Delay(100, ct);
        }

        throw new TimeoutException($"{what}: not reached within {timeout.TotalSeconds:0} s");
    }

    public async ValueTask DisposeAsync()
    {
        await Network.StopAllAsync();
        foreach (var key in _members)
        {
            key.Dispose();
        }

        try
        {
            // KEEP_IT_DIR=1 keeps the testnet (node logs under logs/) for inspection after a failure.
            if (Environment.GetEnvironmentVariable("KEEP_IT_DIR") is null)
            {
                System.IO.Directory.Delete(_directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Leave the folder for inspection if a log is still held open.
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(?m)^(?<name>[a-z_]+)(\{[^}]*\})? (?<value>\S+)$")]
    private static partial System.Text.RegularExpressions.Regex MetricSeries();
}
