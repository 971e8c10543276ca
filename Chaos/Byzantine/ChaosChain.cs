namespace Ledger.Chaos.Byzantine;

/// <summary>
/// The mark of a network `ledger chaos` made: its chain id starts with <see cref="Prefix"/>. The
/// Byzantine validator host refuses any other chain, so even started by hand against a real
/// network's node.json it cannot misbehave there.
/// </summary>
public static class ChaosChain
{
    public const string Prefix = "chaos-";

    public static bool IsChaosChain(string chainId) => chainId is not null && chainId.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The chain id of a scenario's fresh network.</summary>
    public static string For(string scenario) => Prefix + scenario;
}
