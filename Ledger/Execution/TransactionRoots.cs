using Ledger.Crypto;
using Ledger.State;
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
        Span<byte> leaf = stackalloc byte[1 + Hash32.Size];
        leaf[0] = 0x00;
        for (int i = 0; i < leaves.Length; i++)
        {
            transactions[i].Id.CopyTo(leaf[1..]);
            leaves[i] = SmtHashing.Digest(leaf);
        }

        return leaves;
    }

    /// <summary>
    /// MTH over the ids: the same value as <see cref="MerkleTree.Root"/> (a test pins this), computed
    /// bottom-up with the reusable hasher because execution computes one per block.
    /// </summary>
    public static Hash32 Root(IReadOnlyList<Transaction> transactions)
    {
        Hash32[] level = LeafHashes(transactions);
        if (level.Length == 0)
        {
            return MerkleTree.EmptyRoot;
        }

        Span<byte> node = stackalloc byte[1 + 2 * Hash32.Size];
        node[0] = 0x01;
        int count = level.Length;
        while (count > 1)
        {
            int next = 0;
            for (int i = 0; i < count; i += 2)
            {
                if (i + 1 < count)
                {
                    level[i].CopyTo(node[1..]);
                    level[i + 1].CopyTo(node[(1 + Hash32.Size)..]);
                    level[next++] = SmtHashing.Digest(node);
                }
                else
                {
                    level[next++] = level[i];
                }
            }

            count = next;
        }

        return level[0];
    }

    public static IReadOnlyList<Hash32> InclusionProof(IReadOnlyList<Transaction> transactions, int index) =>
        MerkleTree.InclusionProof(LeafHashes(transactions), index);

    /// <summary>Client-side check that the transaction with <paramref name="transactionId"/> is leaf <paramref name="index"/> of a block's tx root.</summary>
    public static bool VerifyInclusion(Hash32 transactionId, long index, long transactionCount, IReadOnlyList<Hash32> proof, Hash32 txRoot) =>
        MerkleTree.VerifyInclusion(MerkleTree.HashLeaf(transactionId.ToArray()), index, transactionCount, proof, txRoot);
}
