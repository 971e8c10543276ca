namespace Ledger.Crypto;

/// <summary>
/// RFC 6962 / RFC 9162 Merkle tree hashing: a leaf is SHA-256(0x00 || data), an interior node is
/// SHA-256(0x01 || left || right), and a tree of n leaves splits at the largest power of two
/// smaller than n. The prefixes keep a leaf from ever being passed off as an interior node.
/// Functions here take leaf hashes, so callers hash each leaf once.
/// </summary>
public static class MerkleTree
{
    /// <summary>The root of the empty tree: SHA-256 of the empty string.</summary>
    public static readonly Hash32 EmptyRoot = Hash32.Sha256([]);

    public static Hash32 HashLeaf(ReadOnlySpan<byte> data)
    {
        byte[] buffer = new byte[data.Length + 1];
        buffer[0] = 0x00;
        data.CopyTo(buffer.AsSpan(1));
        return Hash32.Sha256(buffer);
    }

    public static Hash32 HashChildren(Hash32 left, Hash32 right)
    {
        Span<byte> buffer = stackalloc byte[1 + 2 * Hash32.Size];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + Hash32.Size)..]);
        return Hash32.Sha256(buffer);
    }

    /// <summary>MTH(D[n]) over already-hashed leaves.</summary>
    public static Hash32 Root(IReadOnlyList<Hash32> leafHashes)
    {
        if (leafHashes.Count == 0)
        {
            return EmptyRoot;
        }

        // Bottom-up: pair neighbours, carry an odd last node up unchanged. This gives the same
        // shape as the recursive split at the largest power of two.
        var level = leafHashes.ToArray();
        int count = level.Length;
        while (count > 1)
        {
            int next = 0;
            for (int i = 0; i < count; i += 2)
            {
                level[next++] = i + 1 < count ? HashChildren(level[i], level[i + 1]) : level[i];
            }

            count = next;
        }

        return level[0];
    }

    /// <summary>The audit path PATH(m, D[n]) for the leaf at <paramref name="index"/>.</summary>
    public static IReadOnlyList<Hash32> InclusionProof(IReadOnlyList<Hash32> leafHashes, long index)
    {
        if (index < 0 || index >= leafHashes.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"leaf {index} is outside a tree of {leafHashes.Count}");
        }

        var proof = new List<Hash32>();
        BuildPath(leafHashes, 0, leafHashes.Count, (int)index, proof);
        return proof;
    }

    private static void BuildPath(IReadOnlyList<Hash32> leaves, int start, int count, int index, List<Hash32> proof)
    {
        if (count <= 1)
        {
            return;
        }

        int k = LargestPowerOfTwoBelow(count);
        if (index < k)
        {
            BuildPath(leaves, start, k, index, proof);
            proof.Add(SubtreeRoot(leaves, start + k, count - k));
        }
        else
        {
            BuildPath(leaves, start + k, count - k, index - k, proof);
            proof.Add(SubtreeRoot(leaves, start, k));
        }
    }

    /// <summary>The consistency proof PROOF(m, D[n]) that a tree of size m is a prefix of D[n].</summary>
    public static IReadOnlyList<Hash32> ConsistencyProof(IReadOnlyList<Hash32> leafHashes, long oldSize)
    {
        if (oldSize < 0 || oldSize > leafHashes.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(oldSize), $"size {oldSize} is outside a tree of {leafHashes.Count}");
        }

        var proof = new List<Hash32>();
        if (oldSize == 0 || oldSize == leafHashes.Count)
        {
            return proof;
        }

        BuildSubproof((int)oldSize, leafHashes, 0, leafHashes.Count, true, proof);
        return proof;
    }

    private static void BuildSubproof(int m, IReadOnlyList<Hash32> leaves, int start, int n, bool complete, List<Hash32> proof)
    {
        if (m == n)
        {
            if (!complete)
            {
                proof.Add(SubtreeRoot(leaves, start, n));
            }

            return;
        }

        int k = LargestPowerOfTwoBelow(n);
        if (m <= k)
        {
            BuildSubproof(m, leaves, start, k, complete, proof);
            proof.Add(SubtreeRoot(leaves, start + k, n - k));
        }
        else
        {
            BuildSubproof(m - k, leaves, start + k, n - k, false, proof);
            proof.Add(SubtreeRoot(leaves, start, k));
        }
    }

    private static Hash32 SubtreeRoot(IReadOnlyList<Hash32> leaves, int start, int count)
    {
        var slice = new Hash32[count];
        for (int i = 0; i < count; i++)
        {
            slice[i] = leaves[start + i];
        }

        return Root(slice);
    }

    /// <summary>The largest power of two strictly smaller than <paramref name="n"/> (n >= 2).</summary>
    private static int LargestPowerOfTwoBelow(int n)
    {
        int k = 1;
        while (k << 1 < n)
        {
            k <<= 1;
        }

        return k;
    }

    /// <summary>
    /// True only if <paramref name="proof"/> shows the leaf with hash <paramref name="leafHash"/>
    /// at <paramref name="index"/> in the tree of <paramref name="treeSize"/> leaves whose root is
    /// <paramref name="root"/> (RFC 9162 section 2.1.3.2, see <see cref="MerkleProofs"/>).
    /// </summary>
    public static bool VerifyInclusion(Hash32 leafHash, long index, long treeSize, IReadOnlyList<Hash32> proof, Hash32 root) =>
        index >= 0 && treeSize >= 0 && MerkleProofs.VerifyInclusion(leafHash, (ulong)index, (ulong)treeSize, proof, root);

    /// <summary>
    /// True only if <paramref name="proof"/> shows that the tree of <paramref name="oldSize"/>
    /// leaves with root <paramref name="oldRoot"/> is a prefix of the tree of
    /// <paramref name="newSize"/> leaves with root <paramref name="newRoot"/> (RFC 9162 section
    /// 2.1.4.2). A proof from the empty tree (oldSize 0) is refused: see <see cref="MerkleProofs"/>.
    /// </summary>
    public static bool VerifyConsistency(long oldSize, long newSize, Hash32 oldRoot, Hash32 newRoot, IReadOnlyList<Hash32> proof) =>
        oldSize >= 0 && newSize >= 0 && MerkleProofs.VerifyConsistency((ulong)oldSize, (ulong)newSize, oldRoot, newRoot, proof);
}
