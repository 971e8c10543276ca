using System.Globalization;

namespace Ledger.Node.Testnet;

/// <summary>
/// A testnet validator's network place: the host peers and wallets dial, the address it listens
/// on (the same host on one machine, every interface when it has a host of its own), and its
/// peer port; clients are on the next port and metrics on the one after.
/// </summary>
public sealed record ValidatorAddress(string Host, string ListenHost, int PeerPort)
{
    public int ClientPort => PeerPort + 1;

    public int MetricsPort => PeerPort + 2;

    public string Dial(int port) => Format(Host, port);

    public string Listen(int port) => Format(ListenHost, port);

    private static string Format(string host, int port) =>
        (host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host) + ":" + port.ToString(CultureInfo.InvariantCulture);
}
