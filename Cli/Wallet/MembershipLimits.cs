using Ledger.Cli.Support;

namespace Ledger.Cli.Wallet;

/// <summary>The wait of `wallet enroll` and `wallet revoke`, checked before anything is sent.</summary>
public static class MembershipLimits
{
    /// <summary>A day: longer waits are better done by re-running the command, which is safe.</summary>
    public const double MaxTimeoutSeconds = 86_400;

    public static TimeSpan Timeout(double seconds) =>
        seconds is > 0 and <= MaxTimeoutSeconds
            ? TimeSpan.FromSeconds(seconds)
            : throw new CliException($"--timeout must be between 0 and {MaxTimeoutSeconds:0} seconds");
}
