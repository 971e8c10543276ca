using System.Net;

namespace Ledger.Chaos.Faults;

/// <summary>
/// One <see cref="LinkProxy"/> per directed link between validators, so faults can be chosen per
/// pair and per direction: partitions (every link between two groups), one-way loss (one
/// direction of one pair), delays, and healing. Validator i reaches validator j only through
/// the proxy of link (i, j).
/// </summary>
public sealed class FaultNetwork : IAsyncDisposable
{
    private readonly Dictionary<(string From, string To), LinkProxy> _links = [];

    /// <param name="validators">Names, in genesis order.</param>
    /// <param name="peerEndpoint">Validator i's real peer endpoint.</param>
    /// <param name="proxyEndpoint">Where the proxy of link (i, j) listens.</param>
    public FaultNetwork(IReadOnlyList<string> validators, Func<int, IPEndPoint> peerEndpoint, Func<int, int, IPEndPoint> proxyEndpoint, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(validators);
        ArgumentNullException.ThrowIfNull(peerEndpoint);
        ArgumentNullException.ThrowIfNull(proxyEndpoint);
        Validators = validators;
        try
        {
            for (var i = 0; i < validators.Count; i++)
            {
                for (var j = 0; j < validators.Count; j++)
                {
                    if (i != j)
                    {
                        _links[(validators[i], validators[j])] = new LinkProxy(validators[i], validators[j], proxyEndpoint(i, j), peerEndpoint(j), time);
                    }
                }
            }
        }
        catch
        {
            DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    public IReadOnlyList<string> Validators { get; }

    public IEnumerable<LinkProxy> Links => _links.Values;

    public LinkProxy Link(string from, string to) =>
        _links.TryGetValue((from, to), out var link) ? link : throw new ArgumentException($"no link {from} -> {to}");

    /// <summary>Every link between two different groups goes <paramref name="how"/> (both directions); links inside a group heal.</summary>
    public void Partition(IReadOnlyList<IReadOnlyList<string>> groups, LinkState how = LinkState.Blackhole)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var groupOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var g = 0; g < groups.Count; g++)
        {
            foreach (var name in groups[g])
            {
                groupOf[name] = g;
            }
        }

        foreach (var ((from, to), link) in _links)
        {
            var apart = groupOf.TryGetValue(from, out var a) && groupOf.TryGetValue(to, out var b) && a != b;
            if (!apart)
            {
                link.Heal();
            }
            else if (how == LinkState.Down)
            {
                link.Cut();
            }
            else
            {
                link.Blackhole();
            }
        }
    }

    /// <summary>Messages from <paramref name="from"/> to <paramref name="to"/> are lost; the other direction is untouched.</summary>
    public void CutOneWay(string from, string to) => Link(from, to).Cut();

    /// <summary>Every link delayed by a random amount in [min, max].</summary>
    public void DelayAll(TimeSpan min, TimeSpan max, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        foreach (var link in _links.Values)
        {
            link.Delay(min + ((max - min) * random.NextDouble()));
        }
    }

    public void HealAll()
    {
        foreach (var link in _links.Values)
        {
            link.Heal();
        }
    }

    /// <summary>The links not up, as "a->b down, ..." (empty when all are up).</summary>
    public string Describe() =>
        string.Join(", ", _links.Values.Where(l => l.State != LinkState.Up).Select(l => $"{l.From}->{l.To} {l.State.ToString().ToLowerInvariant()}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var link in _links.Values)
        {
            await link.DisposeAsync().ConfigureAwait(false);
        }

        _links.Clear();
    }
}
