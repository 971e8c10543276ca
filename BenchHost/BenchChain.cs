namespace Ledger.BenchHost;

/// <summary>
/// The mark of a network `ledger bench node` made: its chain id starts with <see cref="Prefix"/>.
/// The unchecked-signature host refuses any other chain, so even started by hand against a real
/// network's node.json it cannot admit an unsigned transfer there.
/// </summary>
public static class BenchChain
{
    public const string Prefix = "ledger-bench-";

    public static bool IsBenchChain(string chainId) => chainId is not null && chainId.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The chain id of one run's fresh testnet, per signature scheme.</summary>
    public static string For(string scheme) => Prefix + scheme;
}
