using Ledger.Crypto;
using Ledger.Transactions;

namespace Ledger.Execution;

/// <summary>
/// A block's transactions are committed by the RFC 6962 Merkle root over leaves whose data is
/// each transaction's 32-byte id, in payload order. A wallet holding a transaction proves its
/// inclusion with the audit path of its index.
/// </summary>
public static class TransactionRoots
{
    public static Hash32[] LeafHashes(IReadOnlyList<Transaction> transactions)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        var leaves = new Hash32[transactions.Count];
        for (int i = 0; i < leaves.Length; i++)
        {
            leaves[i] = LeafHash(transactions[i].Id);
        }

        return leaves;
    }

    /// <summary>The leaf hash of one transaction id: SHA-256(0x00 || id).</summary>
    public static Hash32 LeafHash(Hash32 transactionId)
    {
        Span<byte> leaf = stackalloc byte[1 + Hash32.Size];
        leaf[0] = 0x00;
        transactionId.CopyTo(leaf[1..]);
        return Hash32.Sha256(leaf);
    }

    /// <summary>MTH over the ids (<see cref="MerkleTree.Root"/> over <see cref="LeafHashes"/>).</summary>
    public static Hash32 Root(IReadOnlyList<Transaction> transactions) => MerkleTree.Root(LeafHashes(transactions));

    public static IReadOnlyList<Hash32> InclusionProof(IReadOnlyList<Transaction> transactions, int index) =>
        MerkleTree.InclusionProof(LeafHashes(transactions), index);

    /// <summary>Client-side check that the transaction with <paramref name="transactionId"/> is leaf <paramref name="index"/> of a block's tx root.</summary>
    public static bool VerifyInclusion(Hash32 transactionId, long index, long transactionCount, IReadOnlyList<Hash32> proof, Hash32 txRoot) =>
        MerkleTree.VerifyInclusion(LeafHash(transactionId), index, transactionCount, proof, txRoot);
}
