using Ledger.Genesis;

namespace Ledger.Node.Testnet;

/// <summary>What <see cref="TestnetBuilder"/> wrote: the genesis and where each node's configuration is.</summary>
public sealed record TestnetResult
{
    public required string Directory { get; init; }

    public required GenesisDocument Genesis { get; init; }

    public required string GenesisPath { get; init; }

    /// <summary>Where each validator is reached and listens, in genesis order.</summary>
    public required IReadOnlyList<ValidatorAddress> Addresses { get; init; }

    /// <summary>Absolute paths of node.json, in genesis order.</summary>
    public required IReadOnlyList<string> NodeConfigPaths { get; init; }

    /// <summary>Folders holding each member's key.pem and cert.pem, in genesis order.</summary>
    public required IReadOnlyList<string> MemberDirectories { get; init; }
}
