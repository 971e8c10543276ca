using Ledger.Crypto;
using Ledger.Execution;
using Ledger.State;
using Ledger.Storage;

namespace Ledger.Tests;

/// <summary>Stored blocks for store tests that need no executed chain.</summary>
internal static class StoreTestBlocks
{
    /// <summary>An encoded receipt list naming <paramref name="ids"/> in order, all successful.</summary>
    public static byte[] ReceiptsFor(IReadOnlyList<Hash32> ids) => Receipt.EncodeAll([.. ids.Select(id => new Receipt(id, ReceiptStatus.Success))]);

    /// <summary>Distinct transaction ids for block <paramref name="height"/>.</summary>
    public static Hash32[] Ids(ulong height, int count) =>
        [.. Enumerable.Range(0, count).Select(i => Hash32.Sha256(BitConverter.GetBytes(((long)height * 1_000_000) + i)))];

    /// <summary>A block at <paramref name="height"/> whose payload, certificate and diff are <paramref name="size"/> bytes of a height-dependent pattern.</summary>
    public static StoredBlock Block(ulong height, Hash32[] ids, int size)
    {
        byte[] Pattern(int salt) => [.. Enumerable.Range(0, size).Select(i => (byte)((i * 31) + salt + (int)height))];
        return new StoredBlock(height, Hash32.Sha256(BitConverter.GetBytes(height)), Hash32.Sha256(BitConverter.GetBytes(height - 1)), Header(height, 1_000 + (long)height),
            Pattern(1), Pattern(2), ReceiptsFor(ids), Pattern(3));
    }

    /// <summary>A state header for a store test: made-up roots, the given height and timestamp.</summary>
    public static StateHeader Header(ulong height, long timestampMs) =>
        new(Hash32.Sha256([1]), Hash32.Sha256([2]), Hash32.Sha256([3]), 1_000, height, timestampMs, 0, Hash32.Sha256([4]), Hash32.Sha256([5]), 0, Hash32.Sha256([6]));
}
