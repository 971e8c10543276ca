using Ledger.Client.Nodes;

namespace Ledger.Node.Configuration;

/// <summary>
/// A parsed host:port endpoint from the configuration. The grammar is the client library's
/// (<see cref="NodeEndpoint"/>: IPv6 hosts in brackets), so node.json and a wallet's `--node`
/// accept and print the same forms.
/// </summary>
public readonly record struct HostPort(string Host, int Port)
{
    public static bool TryParse(string? value, out HostPort endpoint)
    {
        bool parsed = NodeEndpoint.TryParse(value, out NodeEndpoint node);
        endpoint = parsed ? new HostPort(node.Host, node.Port) : default;
        return parsed;
    }

    public static HostPort Parse(string value) =>
        TryParse(value, out var endpoint) ? endpoint : throw new FormatException($"'{value}' is not host:port");

    public Uri ToHttpsUri() => AsNodeEndpoint.ToHttpsUri();

    public override string ToString() => AsNodeEndpoint.ToString();

    private NodeEndpoint AsNodeEndpoint => new(Host, Port);
}
