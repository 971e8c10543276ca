using Ledger.Crypto;

namespace Ledger.State;

/// <summary>
/// What a state version commits to about the block that produced it: its transaction count,
/// the RFC 6962 root of its transaction ids and the RFC 6962 root of its receipts
/// (<see cref="Execution.ReceiptRoots"/>). Genesis, which no block produced, has
/// <see cref="Empty"/>: no transactions and both roots the empty tree's.
/// </summary>
public readonly record struct BlockRoots(uint TransactionCount, Hash32 TxRoot, Hash32 ReceiptsRoot)
{
    public static BlockRoots Empty { get; } = new(0, MerkleTree.EmptyRoot, MerkleTree.EmptyRoot);
}
