using System.Globalization;

namespace Ledger.Client.Nodes;

/// <summary>A node's client endpoint as the user gave it, host:port (IPv6 hosts in brackets).</summary>
public readonly record struct NodeEndpoint(string Host, int Port)
{
    public static bool TryParse(string? value, out NodeEndpoint endpoint)
    {
        endpoint = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var colon = value.LastIndexOf(':');
        if (colon <= 0 || colon == value.Length - 1)
        {
            return false;
        }

        var host = value[..colon].Trim('[', ']');
        if (!int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535 || host.Length == 0)
        {
            return false;
        }

        endpoint = new NodeEndpoint(host, port);
        return true;
    }

    public static NodeEndpoint Parse(string value) =>
        TryParse(value, out var endpoint) ? endpoint : throw new FormatException($"node address '{value}' is not host:port");

    public Uri ToHttpsUri() => new($"https://{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port.ToString(CultureInfo.InvariantCulture)}");

    public override string ToString() => Host.Contains(':', StringComparison.Ordinal)
        ? $"[{Host}]:{Port.ToString(CultureInfo.InvariantCulture)}"
        : $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";
}
