namespace Ledger.Cli.Bench;

/// <summary>One measured row of `ledger bench crypto`.</summary>
public sealed record CryptoBenchRow(string Scheme, string Operation, int Cores, double OpsPerSecond)
{
    public bool IsVerify => Operation.StartsWith("verify", StringComparison.Ordinal);

    public double MicrosecondsPerOp => 1e6 / OpsPerSecond;

    /// <summary>Core-microseconds per operation: what one operation costs the machine.</summary>
    public double MicrosecondsPerOpPerCore => 1e6 * Cores / OpsPerSecond;
}
