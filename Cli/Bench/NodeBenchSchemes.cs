namespace Ledger.Cli.Bench;

/// <summary>
/// The client signature schemes `ledger bench node` can run validators with. <c>ed25519</c> is the
/// protocol's own; <c>none</c> starts the validators through the benchmark's separate host, which
/// skips client signature checks in admission and block execution, so the difference is what the
/// signatures cost. ECDSA P-256 is not a scheme here: transfers carry Ed25519 keys and signatures
/// in the protocol (PROTOCOL.md has no key type), so a validator has no ECDSA account key to check.
/// </summary>
public static class NodeBenchSchemes
{
    public const string Ed25519 = "ed25519";
    public const string None = "none";
    public const string EcdsaP256 = "ecdsa-p256";

    public static readonly IReadOnlyList<string> Supported = [Ed25519, None];

    /// <summary>Null for a scheme the bench runs, else why not.</summary>
    public static string? WhyUnsupported(string scheme) => scheme switch
    {
        Ed25519 or None => null,
        EcdsaP256 => "ecdsa-p256 is not supported: transfers are Ed25519 in the protocol (no key type in the transfer format), so validators have no ECDSA account keys to verify; `ledger bench crypto` measures ECDSA P-256's raw cost",
        _ => $"unknown scheme '{scheme}' (known: {string.Join(", ", Supported)})",
    };

    /// <summary>Whether the scheme's validators check client signatures (the bound C*v/n applies).</summary>
    public static bool ChecksSignatures(string scheme) => scheme != None;
}
