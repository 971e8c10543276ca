using Ledger.Genesis;
using Ledger.Node.Configuration;

namespace Ledger.Chaos.Running;

/// <summary>The fresh local network one scenario runs against.</summary>
public sealed record ChaosNetworkOptions
{
    public required string Directory { get; init; }

    /// <summary>Scenario name; the chain id is chaos-NAME.</summary>
    public required string Scenario { get; init; }

    public required int Validators { get; init; }

    public int MembersPerOrganisation { get; init; } = 4;

    public ulong MemberBalance { get; init; } = 100_000;

    /// <summary>
    /// Validator i listens on base+10i (peers), +1 (clients), +2 (metrics); the proxy of link
    /// (i, j) on base+100+10i+j.
    /// </summary>
    public required int BasePort { get; init; }

    public LedgerParameters Parameters { get; init; } = new();

    /// <summary>The shipped timing unless a scenario needs another.</summary>
    public ConsensusTimingConfig Timing { get; init; } = new();

    public required ChaosLaunchers Launchers { get; init; }

    /// <summary>How long the validators may take to commit their first blocks.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(120);

    public const int MaxValidators = 10;

    public void Validate()
    {
        if (Validators is < 4 or > MaxValidators)
        {
            throw new ArgumentException($"a chaos network has 4..{MaxValidators} validators (n >= 3f+1 with f >= 1; proxies take base+100+10i+j)");
        }

        if (BasePort < 1024 || BasePort + 100 + (11 * (MaxValidators - 1)) > 65535)
        {
            throw new ArgumentException($"--base-port {BasePort} leaves no room: a chaos network uses base .. base+{100 + (11 * (MaxValidators - 1))}");
        }
    }
}
