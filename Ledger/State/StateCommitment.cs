using Ledger.Crypto;

namespace Ledger.State;

/// <summary>
/// The state root that votes sign: SHA-256 over the domain tag and the <see cref="StateHeader"/>
/// (the accounts tree root, the seen-set commitment (<see cref="SeenIndex"/>), the certificates
/// tree root, the total supply, the height and timestamp of the block that produced the state,
/// and that block's transaction count, transaction root and receipts root). Committing the
/// receipts here is what lets a QC certify a transfer's outcome, not only its inclusion. Byte
/// layout: docs/PROTOCOL.md, "State root".
/// </summary>
public static class StateCommitment
{
    public const string DomainTag = "LEDGER/v1/StateRoot";

    public static Hash32 Compute(StateHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var writer = new CanonicalWriter(4 + DomainTag.Length + StateHeader.EncodedSize).WriteString(DomainTag);
        header.WriteTo(writer);
        return writer.Hash();
    }
}
