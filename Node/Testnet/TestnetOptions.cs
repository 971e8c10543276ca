namespace Ledger.Node.Testnet;

/// <summary>What `ledger testnet init` builds. Defaults give 4 organisations of 1 validator and 2 members.</summary>
public sealed record TestnetOptions
{
    public int Organisations { get; init; } = 4;

    public int ValidatorsPerOrganisation { get; init; } = 1;

    public int MembersPerOrganisation { get; init; } = 2;

    public string ChainId { get; init; } = "ledger-testnet";

    /// <summary>
    /// A validator listens on base+10k (peers), base+10k+1 (clients), base+10k+2 (metrics), where k
    /// counts the validators before it (genesis order) on the same host: on one machine that is
    /// base+10i; with one host per validator every validator uses base..base+2.
    /// </summary>
    public int BasePort { get; init; } = 7100;

    /// <summary>
    /// Host name (or address) of each validator in genesis order, for a network spread over hosts or
    /// containers: validators listen on every interface and peers dial these names. Null keeps a
    /// one-machine network on 127.0.0.1.
    /// </summary>
    public IReadOnlyList<string>? Hosts { get; init; }

    public ulong MemberBalance { get; init; } = 1_000_000;

    /// <summary>Genesis time and the reference for certificate validity; null means the current time.</summary>
    public DateTimeOffset? Now { get; init; }

    /// <summary>Validity of the identities; organisation CAs last ten years.</summary>
    public int ValidityDays { get; init; } = 730;

    /// <summary>Node timing profile written into every node.json; null keeps the defaults.</summary>
    public Configuration.ConsensusTimingConfig? Timing { get; init; }

    /// <summary>Ledger parameters written into genesis (block size, replay window...); null keeps the defaults.</summary>
    public Ledger.Genesis.LedgerParameters? Parameters { get; init; }

    public void Validate()
    {
        Check(Organisations is >= 1 and <= 100, "--orgs must be between 1 and 100");
        Check(ValidatorsPerOrganisation is >= 0 and <= 50, "--validators-per-org must be between 0 and 50");
        Check(Organisations * ValidatorsPerOrganisation >= 1, "a testnet needs at least one validator");
        Check(MembersPerOrganisation is >= 0 and <= 1000, "--members-per-org must be between 0 and 1000");
        Check(!string.IsNullOrWhiteSpace(ChainId) && ChainId.Length <= 64, "--chain-id must be 1-64 characters");
        int validators = Organisations * ValidatorsPerOrganisation;
        if (Hosts is not null)
        {
            Check(Hosts.Count == validators, $"--hosts names {Hosts.Count} hosts for {validators} validators: give one host per validator, in genesis order (org1-v1, org1-v2, ..., org2-v1, ...)");
            foreach (string host in Hosts)
            {
                Check(Uri.CheckHostName(host) is UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6,
                    $"--hosts: '{host}' is not a host name or IP address");
            }
        }

        int perHost = Hosts is null ? validators : Hosts.GroupBy(h => h, StringComparer.OrdinalIgnoreCase).Max(g => g.Count());
        Check(BasePort is >= 1024 && BasePort + (10 * (perHost - 1)) + 2 <= 65535,
            $"--base-port {BasePort} leaves no room for {perHost} validators on one host (each takes ports base+10k .. base+10k+2, at most 65535)");
        Check(MemberBalance > 0, "--balance must be positive");
        Check(ValidityDays is >= 1 and <= 3650, "validity must be between 1 and 3650 days");
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
