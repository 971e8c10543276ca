using System.Security.Cryptography;
using Ledger.Crypto;

namespace Ledger.State;

/// <summary>
/// The hashing rules of the sparse Merkle tree (docs/PROTOCOL.md, "State tree"):
/// empty subtree = 32 zero bytes; leaf = SHA-256(0x00 || key || valueHash);
/// interior = SHA-256(0x01 || left || right). A subtree holding exactly one leaf is that leaf,
/// placed at the shallowest depth where it is alone, so a path is as long as the keys' common
/// prefix and not 256 levels.
/// </summary>
public static class SmtHashing
{
    public static readonly Hash32 Empty = Hash32.Zero;

    public static Hash32 Leaf(Hash32 key, Hash32 valueHash)
    {
        Span<byte> buffer = stackalloc byte[1 + 2 * Hash32.Size];
        buffer[0] = 0x00;
        key.CopyTo(buffer[1..]);
        valueHash.CopyTo(buffer[(1 + Hash32.Size)..]);
        return Digest(buffer);
    }

    public static Hash32 Internal(Hash32 left, Hash32 right)
    {
        Span<byte> buffer = stackalloc byte[1 + 2 * Hash32.Size];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + Hash32.Size)..]);
        return Digest(buffer);
    }

    private static Hash32 Digest(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[Hash32.Size];
        SHA256.HashData(data, digest);
        return new Hash32(digest);
    }
}
