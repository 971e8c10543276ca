using Ledger.Consensus;
using Ledger.Consensus.Core;
using Ledger.Crypto;

namespace Ledger.Simulator;

/// <summary>
/// The simulated application: a payload starting with 0xFF is invalid; otherwise it names its
/// proposer, round and a counter (so every proposal is distinct) and the transactions it orders
/// (client transaction ids, <see cref="SimTransaction"/>), and the state root is SHA-256(parent
/// state root || payload hash), so every honest replica computes the same state. A payload with no
/// transactions is an empty block, and so is an empty payload (the blocks after an epoch-ending
/// block carry none). A block ordering a <see cref="SimReconfiguration"/> change ends its epoch.
/// </summary>
internal static class SimApplication
{
    public const byte InvalidMarker = 0xFF;

    /// <summary>Most transactions one simulated block orders.</summary>
    public const int MaxTransactions = 32;

    private const int HeaderBytes = 1 + 4 + 8 + 4;

    public static bool IsValid(ReadOnlySpan<byte> payload) => payload.Length == 0 || payload[0] != InvalidMarker;

    public static ConsensusInput Execute(ExecuteBlock request, bool acceptInvalid, SimEpochLedger epochs)
    {
        if (!acceptInvalid && !IsValid(request.Block.Payload))
        {
            return new BlockRejected(request.Block.Id, "payload marked invalid");
        }

        IReadOnlyList<int> transactions = Transactions(request.Block.Payload);
        Hash32 state = new CanonicalWriter().WriteHash(request.ParentStateRoot).WriteHash(request.Block.PayloadHash).Hash();
        EpochChange? next = epochs.Execute(request.ParentStateRoot, state, transactions);
        return new BlockExecuted(request.Block.Id, state, Empty: transactions.Count == 0, next);
    }

    public static byte[] Payload(int slot, ulong round, int counter, bool invalid, IReadOnlyCollection<int>? transactions = null)
    {
        transactions ??= [];
        var writer = new CanonicalWriter(HeaderBytes + 4 + (4 * transactions.Count));
        writer.WriteU8(invalid ? InvalidMarker : (byte)1).WriteU32((uint)slot).WriteU64(round).WriteU32((uint)counter);
        writer.WriteU32((uint)transactions.Count);
        foreach (int id in transactions)
        {
            writer.WriteU32((uint)id);
        }

        return writer.ToArray();
    }

    /// <summary>The transaction ids a payload orders (none for a malformed or foreign one).</summary>
    public static IReadOnlyList<int> Transactions(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < HeaderBytes + 4)
        {
            return [];
        }

        var reader = new CanonicalReader(payload[HeaderBytes..]);
        uint count = reader.ReadU32();
        if (count > MaxTransactions || payload.Length != HeaderBytes + 4 + (4 * (int)count))
        {
            return [];
        }

        var ids = new int[count];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = (int)reader.ReadU32();
        }

        return ids;
    }
}
