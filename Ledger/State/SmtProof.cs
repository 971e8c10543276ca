using Ledger.Crypto;

namespace Ledger.State;

/// <summary>
/// A path in a <see cref="SparseMerkleTree{TValue}"/>: for each level from the root down, the
/// 16 child hashes with the path's own slot left empty, and what the path ends in: the leaf
/// found there (its key and value bytes), or nothing. It proves presence of a value when the
/// leaf's key is the queried key, and absence when the path ends empty or in a leaf with
/// another key that shares the path's prefix. Verification needs the root only.
/// Byte layout: docs/PROTOCOL.md, "State proofs".
/// </summary>
public sealed record SmtProof(Hash32 Key, IReadOnlyList<Hash32[]> Levels, Hash32? LeafKey, byte[]? LeafValue)
{
    /// <summary>True when this proof shows <see cref="Key"/> maps to <paramref name="value"/> (its leaf bytes) under <paramref name="root"/>.</summary>
    public bool VerifyInclusion(Hash32 root, ReadOnlySpan<byte> value) =>
        LeafKey == Key && LeafValue is not null && value.SequenceEqual(LeafValue) && ComputeRoot() == root;

    /// <summary>True when this proof shows <see cref="Key"/> is absent under <paramref name="root"/>.</summary>
    public bool VerifyAbsence(Hash32 root)
    {
        if (LeafKey is { } other)
        {
            if (other == Key || LeafValue is null || !SharesPrefix(other, Key, Levels.Count))
            {
                return false;
            }
        }
        else if (LeafValue is not null)
        {
            return false;
        }

        return ComputeRoot() == root;
    }

    /// <summary>The root this path implies (the empty hash for a malformed path).</summary>
    public Hash32 ComputeRoot()
    {
        if (Levels.Count > SmtHashing.MaxDepth || (LeafValue?.Length ?? 0) > SmtHashing.MaxValueBytes)
        {
            return SmtHashing.Empty;
        }

        Hash32 node = LeafKey is { } leafKey && LeafValue is { } value ? SmtHashing.Leaf(leafKey, value) : SmtHashing.Empty;
        Span<Hash32> children = stackalloc Hash32[SmtHashing.Arity];
        for (int depth = Levels.Count - 1; depth >= 0; depth--)
        {
            if (Levels[depth].Length != SmtHashing.Arity)
            {
                return SmtHashing.Empty;
            }

            Levels[depth].CopyTo(children);
            children[Key.Nibble(depth)] = node;
            node = SmtHashing.Internal(children);
        }

        return node;
    }

    private static bool SharesPrefix(Hash32 a, Hash32 b, int nibbles)
    {
        for (int i = 0; i < nibbles; i++)
        {
            if (a.Nibble(i) != b.Nibble(i))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>key (32) || u8 levels || per level: u16 bitmap of non-empty slots, those hashes || u8 has-leaf [|| leaf key || u32 len || value].</summary>
    public void WriteTo(CanonicalWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteHash(Key).WriteU8(checked((byte)Levels.Count));
        foreach (Hash32[] level in Levels)
        {
            int bitmap = 0;
            for (int i = 0; i < level.Length; i++)
            {
                bitmap |= level[i].IsZero ? 0 : 1 << i;
            }

            writer.WriteU8((byte)(bitmap >> 8)).WriteU8((byte)bitmap);
            foreach (Hash32 hash in level.Where(h => !h.IsZero))
            {
                writer.WriteHash(hash);
            }
        }

        writer.WriteBool(LeafKey is not null);
        if (LeafKey is { } leafKey && LeafValue is { } value)
        {
            writer.WriteHash(leafKey).WriteBytes(value);
        }
    }

    public static SmtProof ReadFrom(ref CanonicalReader reader)
    {
        Hash32 key = reader.ReadHash();
        int count = reader.ReadU8();
        if (count > SmtHashing.MaxDepth)
        {
            throw new FormatException($"a state proof has at most {SmtHashing.MaxDepth} levels, got {count}");
        }

        var levels = new Hash32[count][];
        for (int d = 0; d < count; d++)
        {
            int bitmap = (reader.ReadU8() << 8) | reader.ReadU8();
            levels[d] = new Hash32[SmtHashing.Arity];
            for (int i = 0; i < SmtHashing.Arity; i++)
            {
                if ((bitmap & (1 << i)) != 0)
                {
                    levels[d][i] = reader.ReadHash();
                    if (levels[d][i].IsZero)
                    {
                        throw new FormatException("a state proof lists an empty hash as non-empty");
                    }
                }
            }
        }

        if (!reader.ReadBool())
        {
            return new SmtProof(key, levels, null, null);
        }

        Hash32 leafKey = reader.ReadHash();
        return new SmtProof(key, levels, leafKey, reader.ReadBytes(SmtHashing.MaxValueBytes));
    }
}
