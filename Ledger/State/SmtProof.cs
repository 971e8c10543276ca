using Ledger.Crypto;

namespace Ledger.State;

/// <summary>
/// A path in a <see cref="SparseMerkleTree{TValue}"/>: the sibling hashes from the root down and
/// what the path ends in: the leaf found there (its key and value hash), or nothing. It proves
/// presence of a value when the leaf's key is the queried key, and absence when the path ends
/// empty or in a leaf with another key (which then shares the path's prefix). Verification needs
/// the root only. Byte layout: docs/PROTOCOL.md, "State proofs".
/// </summary>
public sealed record SmtProof(Hash32 Key, IReadOnlyList<Hash32> Siblings, Hash32? LeafKey, Hash32? LeafValueHash)
{
    public const int MaxDepth = 256;

    /// <summary>True when this proof shows <see cref="Key"/> maps to a value hashing to <paramref name="valueHash"/> under <paramref name="root"/>.</summary>
    public bool VerifyInclusion(Hash32 root, Hash32 valueHash) =>
        LeafKey == Key && LeafValueHash == valueHash && ComputeRoot() == root;

    /// <summary>True when this proof shows <see cref="Key"/> is absent under <paramref name="root"/>.</summary>
    public bool VerifyAbsence(Hash32 root)
    {
        if (LeafKey is { } other)
        {
            if (other == Key || LeafValueHash is null || !SharesPrefix(other, Key, Siblings.Count))
            {
                return false;
            }
        }
        else if (LeafValueHash is not null)
        {
            return false;
        }

        return ComputeRoot() == root;
    }

    /// <summary>The root this path implies (empty hash for an over-long path).</summary>
    public Hash32 ComputeRoot()
    {
        if (Siblings.Count > MaxDepth)
        {
            return SmtHashing.Empty;
        }

        Hash32 node = LeafKey is { } leafKey && LeafValueHash is { } valueHash
            ? SmtHashing.Leaf(leafKey, valueHash)
            : SmtHashing.Empty;
        for (int depth = Siblings.Count - 1; depth >= 0; depth--)
        {
            node = Key.Bit(depth)
                ? SmtHashing.Internal(Siblings[depth], node)
                : SmtHashing.Internal(node, Siblings[depth]);
        }

        return node;
    }

    private static bool SharesPrefix(Hash32 a, Hash32 b, int bits)
    {
        for (int i = 0; i < bits; i++)
        {
            if (a.Bit(i) != b.Bit(i))
            {
                return false;
            }
        }

        return true;
    }

    public void WriteTo(CanonicalWriter writer)
    {
        writer.WriteHash(Key).WriteU32((uint)Siblings.Count);
        foreach (Hash32 sibling in Siblings)
        {
            writer.WriteHash(sibling);
        }

        writer.WriteBool(LeafKey is not null);
        if (LeafKey is { } leafKey && LeafValueHash is { } valueHash)
        {
            writer.WriteHash(leafKey).WriteHash(valueHash);
        }
    }

    public static SmtProof ReadFrom(ref CanonicalReader reader)
    {
        Hash32 key = reader.ReadHash();
        uint count = reader.ReadU32();
        if (count > MaxDepth)
        {
            throw new FormatException($"a state proof has at most {MaxDepth} siblings, got {count}");
        }

        var siblings = new Hash32[count];
        for (int i = 0; i < siblings.Length; i++)
        {
            siblings[i] = reader.ReadHash();
        }

        return reader.ReadBool()
            ? new SmtProof(key, siblings, reader.ReadHash(), reader.ReadHash())
            : new SmtProof(key, siblings, null, null);
    }
}
