using LiteDB;
using Ledger.Crypto;
using Ledger.Execution;

namespace Ledger.Storage;

/// <summary><see cref="LedgerStore"/>'s batch append, for the restart benchmark's throwaway chains only.</summary>
public sealed partial class LedgerStore
{
    /// <summary>
    /// Appends consecutive blocks with one LiteDB transaction for all of them: for building long
    /// throwaway chains in the restart benchmark only (`ledger bench restart`; the node and every
    /// configuration reach only <see cref="Append(StoredBlock, IReadOnlyList{Hash32})"/>). It
    /// breaks the store's crash rule that at most one uncommitted record lies past the committed
    /// end: a crash in a batch leaves several, and the next open refuses the store.
    /// </summary>
    public void AppendBatchForBenchmarks(IReadOnlyList<StoredBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        lock (_writeLock)
        {
            Hash32 genesis = CheckNext(blocks[0].Height);
            for (int i = 1; i < blocks.Count; i++)
            {
                if (blocks[i].Height != blocks[0].Height + (ulong)i)
                {
                    throw new ArgumentException($"block {blocks[i].Height} does not follow block {blocks[i - 1].Height} in the batch", nameof(blocks));
                }
            }

            BlockFile file = _file!;
            var documents = new List<BsonDocument>(blocks.Count);
            var receipts = new List<Receipt[]>(blocks.Count);
            try
            {
                for (int i = 0; i < blocks.Count; i++)
                {
                    StoredBlock block = blocks[i];
                    receipts.Add(BlockDocuments.ReadReceipts(block.ReceiptsChunks, out string? problem) ?? throw new ArgumentException($"block {block.Height}: {problem}", nameof(blocks)));
                    long length = BlockRecord.Length(block);
                    ulong checksum = BlockRecord.Gather(block, _recordHeader, _recordTrailer, _hasher, _recordParts);
                    file.Write(_recordParts);
                    _recordParts.Clear();
                    documents.Add(BlockDocuments.IndexDocument(block, file.End, length, checksum));
                    file.Advance(length);
                }

                _index.CommitMany(documents, genesis, blocks[^1].Height, _base);
            }
            catch (Exception e)
            {
                _recordParts.Clear();
                _failure = $"writing a batch from block {blocks[0].Height} failed ({e.Message})";
                throw;
            }

            for (int i = 0; i < blocks.Count; i++)
            {
                _transactions!.Add(blocks[i].Height, receipts[i]);
            }

            Volatile.Write(ref _headHeight, (long)blocks[^1].Height);
        }
    }
}
