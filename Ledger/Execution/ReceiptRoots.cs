using Ledger.Crypto;
using Ledger.State;

namespace Ledger.Execution;

/// <summary>
/// A block's receipts are committed by the RFC 6962 Merkle root over leaves whose data is each
/// receipt's encoding (transaction id || u8 status, 33 bytes), in payload order. The root is a
/// field of the <see cref="StateHeader"/>, so the QC that signs the state root certifies every
/// transaction's outcome: a wallet proves its transfer's status with the audit path of its index,
/// and a node cannot report a failed transfer as a success.
/// </summary>
public static class ReceiptRoots
{
    public static Hash32 LeafHash(Receipt receipt)
    {
        Span<byte> leaf = stackalloc byte[1 + Receipt.EncodedSize];
        leaf[0] = 0x00;
        receipt.TransactionId.CopyTo(leaf[1..]);
        leaf[^1] = (byte)receipt.Status;
        return Hash32.Sha256(leaf);
    }

    public static Hash32[] LeafHashes(IReadOnlyList<Receipt> receipts)
    {
        ArgumentNullException.ThrowIfNull(receipts);
        var leaves = new Hash32[receipts.Count];
        for (int i = 0; i < leaves.Length; i++)
        {
            leaves[i] = LeafHash(receipts[i]);
        }

        return leaves;
    }

    /// <summary>MTH over the receipts (<see cref="MerkleTree.Root"/> over <see cref="LeafHashes"/>).</summary>
    public static Hash32 Root(IReadOnlyList<Receipt> receipts) => MerkleTree.Root(LeafHashes(receipts));

    public static IReadOnlyList<Hash32> InclusionProof(IReadOnlyList<Receipt> receipts, int index) =>
        MerkleTree.InclusionProof(LeafHashes(receipts), index);

    /// <summary>Client-side check that <paramref name="receipt"/> is leaf <paramref name="index"/> of a block's receipts root.</summary>
    public static bool VerifyInclusion(Receipt receipt, long index, long receiptCount, IReadOnlyList<Hash32> proof, Hash32 receiptsRoot) =>
        MerkleTree.VerifyInclusion(LeafHash(receipt), index, receiptCount, proof, receiptsRoot);

    /// <summary>The roots of a block whose transactions got <paramref name="receipts"/> (one per transaction, in payload order).</summary>
    public static BlockRoots BlockRootsOf(IReadOnlyList<Receipt> receipts, Hash32 txRoot) =>
        new((uint)receipts.Count, txRoot, Root(receipts));
}
