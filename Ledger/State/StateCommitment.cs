using Ledger.Crypto;

namespace Ledger.State;

/// <summary>
/// The state root that votes sign: SHA-256 over the domain tag, the accounts tree root, the
/// seen-set commitment (<see cref="SeenIndex"/>), the certificates tree root, the total supply,
/// the height and the timestamp of the
/// block that produced the state. Byte layout: docs/PROTOCOL.md, "State root".
/// </summary>
public static class StateCommitment
{
    public const string DomainTag = "LEDGER/v1/StateRoot";

    public static Hash32 Compute(Hash32 accountsRoot, Hash32 seenRoot, Hash32 certificatesRoot, ulong totalSupply, ulong height, long timestampMs) =>
        new CanonicalWriter(160)
            .WriteString(DomainTag)
            .WriteHash(accountsRoot)
            .WriteHash(seenRoot)
            .WriteHash(certificatesRoot)
            .WriteU64(totalSupply)
            .WriteU64(height)
            .WriteI64(timestampMs)
            .Hash();
}
