using Ledger.Crypto;
using Ledger.Epochs;

namespace Ledger.State;

/// <summary>
/// Everything one block changed, as final values: the accounts it touched, the seen entries it
/// added and pruned, the certificate records it wrote, and the epoch it began if it applied a
/// validator-set change. It is both the input for the next state
/// version and the state diff that storage writes with the block.
/// </summary>
public sealed record StateChanges(
    IReadOnlyList<Account> Accounts,
    IReadOnlyList<SeenEntry> SeenAdded,
    IReadOnlyList<SeenEntry> SeenPruned,
    IReadOnlyList<KeyValuePair<Hash32, CertificateRecord>> Certificates)
{
    public static StateChanges None { get; } = new([], [], [], []);

    /// <summary>The tree keys of <see cref="Accounts"/>, index for index, when execution already computed them.</summary>
    internal IReadOnlyList<Hash32>? AccountKeys { get; init; }

    /// <summary>The epoch and roster the block's validator-set change put in force, or null (most blocks).</summary>
    public EpochChange? NextEpoch { get; init; }
}
