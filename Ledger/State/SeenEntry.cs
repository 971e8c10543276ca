using Ledger.Crypto;
using Ledger.Transactions;

namespace Ledger.State;

/// <summary>
/// A (sender, nonce) pair accepted within the replay window, keyed in the seen-set by
/// SHA-256(sender || nonce) and kept until <see cref="ExpiryMs"/> (the transfer's timestamp plus
/// the window): after that a replay fails the timestamp check, so the entry can go. Ordered by
/// expiry, then key, so pruning walks the expired entries in one deterministic order.
/// </summary>
public readonly record struct SeenEntry(long ExpiryMs, Hash32 Key) : IComparable<SeenEntry>
{
    public const byte LeafTag = 0x02;

    public static Hash32 TreeKey(PublicKey sender, TransferNonce nonce)
    {
        Span<byte> bytes = stackalloc byte[PublicKey.Size + TransferNonce.Size];
        sender.CopyTo(bytes);
        nonce.CopyTo(bytes[PublicKey.Size..]);
        return Hash32.Sha256(bytes);
    }

    /// <summary>The seen-set leaf value: tag 0x02 || expiry (i64).</summary>
    public static byte[] ValueBytes(long expiryMs)
    {
        var bytes = new byte[9];
        bytes[0] = LeafTag;
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(1), expiryMs);
        return bytes;
    }

    public int CompareTo(SeenEntry other)
    {
        int c = ExpiryMs.CompareTo(other.ExpiryMs);
        return c != 0 ? c : Key.CompareTo(other.Key);
    }

    public static bool operator <(SeenEntry left, SeenEntry right) => left.CompareTo(right) < 0;

    public static bool operator >(SeenEntry left, SeenEntry right) => left.CompareTo(right) > 0;

    public static bool operator <=(SeenEntry left, SeenEntry right) => left.CompareTo(right) <= 0;

    public static bool operator >=(SeenEntry left, SeenEntry right) => left.CompareTo(right) >= 0;
}
