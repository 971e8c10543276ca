using Ledger.Chaos.Running;
using Ledger.Client.Journal;
using Ledger.Client.Nodes;
using Ledger.Client.Transfers;
using Ledger.Crypto;

namespace Ledger.Chaos.Workload;

/// <summary>
/// The bank: every member of the network pays the others concurrently through the client
/// library, each with its own journal and its own order of nodes (so the load spreads and a
/// node that fails is passed over), while faults run. <see cref="StartBurst"/> adds pre-signed
/// load that fills blocks. Everything signed, acknowledged, accepted or refused goes to
/// <see cref="History"/>.
/// </summary>
public sealed class BankWorkload : IAsyncDisposable
{
    private readonly ChaosNetwork _network;
    private readonly WorkloadOptions _options;
    private readonly List<SigningKey> _keys = [];
    private readonly List<LedgerNodes> _nodes = [];
    private readonly List<Task> _running = [];
    private readonly List<BurstSender> _bursts = [];
    private readonly CancellationTokenSource _stop = new();
    private CancellationTokenSource? _burstStop;

    public BankWorkload(ChaosNetwork network, WorkloadOptions options, string walletsDirectory, int seed)
    {
        ArgumentNullException.ThrowIfNull(network);
        _network = network;
        _options = options ?? throw new ArgumentNullException(nameof(options));
        History = new WorkloadHistory();
        var supply = network.Genesis.Members.Aggregate(0UL, (sum, m) => sum + m.Balance);
        var endpoints = network.ClientEndpoints;
        var accounts = network.Members.Select(m => m.PublicKey).ToList();
        for (var i = 0; i < network.Members.Count; i++)
        {
            var member = network.Members[i];
            var key = network.LoadMemberKey(member);
            _keys.Add(key);
            var preferred = endpoints.Skip(i % endpoints.Count).Concat(endpoints.Take(i % endpoints.Count)).ToList();
            var nodes = new LedgerNodes(network.Genesis, preferred);
            _nodes.Add(nodes);
            var client = new TransferClient(nodes, new TransferJournal(Path.Combine(walletsDirectory, member.Name)), TimeProvider.System, new TransferClientOptions
            {
                CallDeadline = options.CallDeadline,
                PollInterval = options.PollInterval,
            });
            var payees = accounts.Where(a => a != member.PublicKey).ToList();
            var teller = new Teller(member.Name, key, payees, client, History, options, supply, new Random(seed + i));
            _running.Add(Task.Run(() => teller.RunAsync(_stop.Token)));
        }
    }

    public WorkloadHistory History { get; }

    /// <summary>Pre-signed transfers from every member, as fast as the nodes take them, until <see cref="StopBurstAsync"/>.</summary>
    public void StartBurst(int seed)
    {
        _burstStop = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        var payees = _network.Members.Select(m => m.PublicKey).ToList();
        var share = _options.MaxBurstTransfers / _options.BurstSenders;
        for (var i = 0; i < _options.BurstSenders; i++)
        {
            var keys = _network.Members.Select(_network.LoadMemberKey).ToList();
            _keys.AddRange(keys);
            var sender = new BurstSender(_network.Genesis.ChainId, keys, payees, _nodes[i % _nodes.Count], History, _options.CallDeadline, new Random(seed + 1000 + i));
            _bursts.Add(sender);
            var token = _burstStop.Token;
            _running.Add(Task.Run(() => sender.RunAsync(share, token)));
        }
    }

    /// <summary>Burst transfers sent so far.</summary>
    public long BurstSent => _bursts.Sum(b => Math.Min(b.Sent, _options.MaxBurstTransfers / _options.BurstSenders));

    public async Task StopBurstAsync()
    {
        if (_burstStop is not null)
        {
            await _burstStop.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stops every teller and sender and waits for them (a transfer in flight may still commit).</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_running).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        foreach (var nodes in _nodes)
        {
            nodes.Dispose();
        }

        foreach (var key in _keys)
        {
            key.Dispose();
        }

        _burstStop?.Dispose();
        _stop.Dispose();
    }
}
