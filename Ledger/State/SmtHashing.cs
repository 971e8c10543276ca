using Ledger.Crypto;

namespace Ledger.State;

/// <summary>
/// The hashing rules of the state trees (docs/PROTOCOL.md, "State tree"), a 16-ary sparse
/// Merkle tree over the 64 nibbles of a 256-bit key:
/// empty subtree = 32 zero bytes; leaf = SHA-256(0x00 || key || value bytes);
/// interior = SHA-256(0x01 || child 0 || ... || child 15). A subtree holding exactly one leaf is
/// that leaf, at the shallowest depth where it is alone. Sixteen children per node make a path
/// a quarter as long as a binary tree's, and one 513-byte hash costs little more than one
/// 65-byte hash, so an update does about a quarter of the hashing work.
/// </summary>
public static class SmtHashing
{
    public const int Arity = 16;
    public const int MaxDepth = 64;
    public const int MaxValueBytes = 128;

    public static readonly Hash32 Empty = Hash32.Zero;

    public static Hash32 Leaf(Hash32 key, ReadOnlySpan<byte> value)
    {
        if (value.Length > MaxValueBytes)
        {
            throw new ArgumentException($"a leaf value is at most {MaxValueBytes} bytes", nameof(value));
        }

        Span<byte> buffer = stackalloc byte[1 + Hash32.Size + MaxValueBytes];
        buffer[0] = 0x00;
        key.CopyTo(buffer[1..]);
        value.CopyTo(buffer[(1 + Hash32.Size)..]);
        return Hash32.Sha256(buffer[..(1 + Hash32.Size + value.Length)]);
    }

    /// <summary>The size of an interior node's hash input: the tag and 16 child hashes.</summary>
    public const int InternalInputSize = 1 + (Arity * Hash32.Size);

    /// <summary>Hash of an interior node from its 16 child hashes (empty children are zero hashes).</summary>
    public static Hash32 Internal(ReadOnlySpan<Hash32> children)
    {
        if (children.Length != Arity)
        {
            throw new ArgumentException($"an interior node has {Arity} children", nameof(children));
        }

        Span<byte> input = stackalloc byte[InternalInputSize];
        for (int i = 0; i < Arity; i++)
        {
            children[i].CopyTo(ChildSlot(input, i));
        }

        return Internal(input);
    }

    /// <summary>Where child <paramref name="index"/>'s hash goes in an interior node's hash input.</summary>
    public static Span<byte> ChildSlot(Span<byte> input, int index) => input.Slice(1 + (index * Hash32.Size), Hash32.Size);

    /// <summary>
    /// Hash of an interior node from its hash input with the child hashes already in their
    /// <see cref="ChildSlot"/>s (the tree writes them there straight from its arena).
    /// </summary>
    public static Hash32 Internal(Span<byte> input)
    {
        if (input.Length != InternalInputSize)
        {
            throw new ArgumentException($"an interior node's hash input is {InternalInputSize} bytes", nameof(input));
        }

        input[0] = 0x01;
        return Hash32.Sha256(input);
    }
}
