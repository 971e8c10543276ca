using Google.Protobuf;
using Ledger.Crypto;
using Ledger.Transactions;

namespace Ledger.Cli.Bench;

/// <summary>
/// Every transfer of one run, signed before the clock starts so the client's signing cost is not
/// in the measurement: member i%m pays a random other member a small amount, each with a fresh
/// random nonce and a timestamp of now (well inside the replay window for a run of minutes).
/// </summary>
public sealed class PresignedTransfers
{
    private readonly Dictionary<Hash32, int> _indexById;

    private PresignedTransfers(ByteString[] encoded, Hash32[] ids)
    {
        Encoded = encoded;
        Ids = ids;
        _indexById = new Dictionary<Hash32, int>(ids.Length);
        for (int i = 0; i < ids.Length; i++)
        {
            _indexById.Add(ids[i], i);
        }
    }

    /// <summary>The canonical signed bytes, ready for SubmitTransferRequest.</summary>
    public IReadOnlyList<ByteString> Encoded { get; }

    public IReadOnlyList<Hash32> Ids { get; }

    public int Count => Ids.Count;

    public static PresignedTransfers Sign(string chainId, IReadOnlyList<SigningKey> members, int count, long timestampMs)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count < 2)
        {
            throw new ArgumentException("transfers need at least two members", nameof(members));
        }

        var encoded = new ByteString[count];
        var ids = new Hash32[count];
        // Signing is independent per transfer; all cores make the set-up short.
        Parallel.For(0, count, () => new Random(), (i, _, random) =>
        {
            int from = i % members.Count;
            int to = (from + 1 + random.Next(members.Count - 1)) % members.Count;
            Transfer transfer = Transfer.Create(chainId, members[from], members[to].PublicKey, (ulong)random.Next(1, 10), TransferNonce.Random(), timestampMs);
            encoded[i] = ByteString.CopyFrom(transfer.Encoded);
            ids[i] = transfer.Id;
            return random;
        }, _ => { });
        return new PresignedTransfers(encoded, ids);
    }

    /// <summary>The index of a transfer of this set, or -1.</summary>
    public int IndexOf(Hash32 id) => _indexById.TryGetValue(id, out int index) ? index : -1;
}
