using System.Globalization;

namespace Ledger.Node.Configuration;

/// <summary>A parsed host:port endpoint from the configuration.</summary>
public readonly record struct HostPort(string Host, int Port)
{
    public static bool TryParse(string? value, out HostPort endpoint)
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

        endpoint = new HostPort(host, port);
        return true;
    }

    public static HostPort Parse(string value) =>
        TryParse(value, out var endpoint) ? endpoint : throw new FormatException($"'{value}' is not host:port");

    public Uri ToHttpsUri() => new($"https://{Host}:{Port.ToString(CultureInfo.InvariantCulture)}");

    public override string ToString() => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";
}
