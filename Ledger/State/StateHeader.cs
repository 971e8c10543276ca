using Ledger.Crypto;

namespace Ledger.State;

/// <summary>
/// Everything the state root commits to, as one value: the roots of the three state trees, the
/// total supply, the height and timestamp of the block that produced the state, that block's
/// transaction count, transaction root and receipts root, and the epoch with the root of its
/// validator roster (<see cref="Epochs.ValidatorRoster"/>). Votes sign <see cref="Root"/>, so a QC
/// certifies every field here: a wallet holding a header whose root a QC signs can trust each
/// field, and proves an account, a transaction or a receipt against the one root it needs.
/// Byte layout (228 bytes, docs/PROTOCOL.md "State root"): hash accounts_root || hash seen_root
/// || hash certificates_root || u64 total_supply || u64 height || i64 timestamp_ms
/// || u32 transaction_count || hash tx_root || hash receipts_root || u64 epoch || hash validators_root.
/// </summary>
public sealed record StateHeader(
    Hash32 AccountsRoot,
    Hash32 SeenRoot,
    Hash32 CertificatesRoot,
    ulong TotalSupply,
    ulong Height,
    long TimestampMs,
    uint TransactionCount,
    Hash32 TxRoot,
    Hash32 ReceiptsRoot,
    ulong Epoch,
    Hash32 ValidatorsRoot)
{
    public const int EncodedSize = (6 * Hash32.Size) + (4 * 8) + 4;

    /// <summary>The state root: SHA-256 over the domain tag and the header (<see cref="StateCommitment"/>).</summary>
    public Hash32 Root => StateCommitment.Compute(this);

    /// <summary>The names of the fields in which <paramref name="other"/> differs from this header (for reports).</summary>
    public IReadOnlyList<string> DifferingFields(StateHeader other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var fields = new List<string>();
        void Check(bool same, string name)
        {
            if (!same)
            {
                fields.Add(name);
            }
        }

        Check(AccountsRoot == other.AccountsRoot, "accounts root");
        Check(SeenRoot == other.SeenRoot, "seen root");
        Check(CertificatesRoot == other.CertificatesRoot, "certificates root");
        Check(TotalSupply == other.TotalSupply, "total supply");
        Check(Height == other.Height, "height");
        Check(TimestampMs == other.TimestampMs, "timestamp");
        Check(TransactionCount == other.TransactionCount, "transaction count");
        Check(TxRoot == other.TxRoot, "transaction root");
        Check(ReceiptsRoot == other.ReceiptsRoot, "receipts root");
        Check(Epoch == other.Epoch, "epoch");
        Check(ValidatorsRoot == other.ValidatorsRoot, "validators root");
        return fields;
    }

    public void WriteTo(CanonicalWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteHash(AccountsRoot).WriteHash(SeenRoot).WriteHash(CertificatesRoot)
            .WriteU64(TotalSupply).WriteU64(Height).WriteI64(TimestampMs)
            .WriteU32(TransactionCount).WriteHash(TxRoot).WriteHash(ReceiptsRoot)
            .WriteU64(Epoch).WriteHash(ValidatorsRoot);
    }

    public static StateHeader ReadFrom(ref CanonicalReader reader) =>
        new(reader.ReadHash(), reader.ReadHash(), reader.ReadHash(),
            reader.ReadU64(), reader.ReadU64(), reader.ReadI64(),
            reader.ReadU32(), reader.ReadHash(), reader.ReadHash(),
            reader.ReadU64(), reader.ReadHash());

    public byte[] ToBytes()
    {
        var writer = new CanonicalWriter(EncodedSize);
        WriteTo(writer);
        return writer.ToArray();
    }

    /// <summary>Parses exactly <see cref="EncodedSize"/> bytes; anything else is a <see cref="FormatException"/>.</summary>
    public static StateHeader FromBytes(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        StateHeader header = ReadFrom(ref reader);
        reader.EnsureEnd();
        return header;
    }
}
