namespace Ledger.Crypto;

/// <summary>
/// Verification of RFC 9162 inclusion and consistency proofs (RFC 6962 hashing). The typed
/// overloads back <see cref="MerkleTree.VerifyInclusion"/> and <see cref="MerkleTree.VerifyConsistency"/>;
/// the byte overloads take proofs straight from untrusted input (any lengths, 64-bit sizes) and
/// agree case for case with transparency-dev/merkle's verifier, whose test data the tests run.
/// </summary>
public static class MerkleProofs
{
    /// <summary>
    /// True only if <paramref name="proof"/> shows the leaf hash at <paramref name="index"/> in the
    /// tree of <paramref name="treeSize"/> leaves with root <paramref name="root"/>.
    /// </summary>
    public static bool VerifyInclusion(Hash32 leafHash, ulong index, ulong treeSize, IReadOnlyList<Hash32> proof, Hash32 root)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (index >= treeSize)
        {
            return false;
        }

        // RFC 9162 section 2.1.3.2.
        ulong fn = index;
        ulong sn = treeSize - 1;
        Hash32 r = leafHash;
        foreach (Hash32 p in proof)
        {
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = MerkleTree.HashChildren(p, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = MerkleTree.HashChildren(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && r == root;
    }

    /// <summary>
    /// True only if <paramref name="proof"/> shows that the tree of <paramref name="oldSize"/>
    /// leaves with root <paramref name="oldRoot"/> is a prefix of the tree of
    /// <paramref name="newSize"/> leaves with root <paramref name="newRoot"/>. Equal sizes are
    /// consistent exactly when the roots are equal and the proof is empty. A proof from the empty
    /// tree is refused: it would prove nothing, and accepting one lets a caller skip a check it
    /// believes it made (transparency-dev makes the same choice).
    /// </summary>
    public static bool VerifyConsistency(ulong oldSize, ulong newSize, Hash32 oldRoot, Hash32 newRoot, IReadOnlyList<Hash32> proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (oldSize == 0 || newSize < oldSize)
        {
            return false;
        }

        if (oldSize == newSize)
        {
            return proof.Count == 0 && oldRoot == newRoot;
        }

        if (proof.Count == 0)
        {
            return false;
        }

        // RFC 9162 section 2.1.4.2. When the old tree is a complete subtree its root is the
        // first node of the path, so it is prepended rather than sent.
        var path = new List<Hash32>(proof.Count + 1);
        if ((oldSize & (oldSize - 1)) == 0)
        {
            path.Add(oldRoot);
        }

        path.AddRange(proof);

        ulong fn = oldSize - 1;
        ulong sn = newSize - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        Hash32 fr = path[0];
        Hash32 sr = path[0];
        for (int i = 1; i < path.Count; i++)
        {
            Hash32 c = path[i];
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                fr = MerkleTree.HashChildren(c, fr);
                sr = MerkleTree.HashChildren(c, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                sr = MerkleTree.HashChildren(sr, c);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && fr == oldRoot && sr == newRoot;
    }

    /// <summary>Inclusion from untrusted bytes: any hash that is not 32 bytes makes the proof fail.</summary>
    public static bool VerifyInclusion(
        ReadOnlySpan<byte> leafHash, ulong index, ulong treeSize, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (leafHash.Length != Hash32.Size || root.Length != Hash32.Size || !TryHashes(proof, out List<Hash32> path))
        {
            return false;
        }

        return VerifyInclusion(new Hash32(leafHash), index, treeSize, path, new Hash32(root));
    }

    /// <summary>
    /// Consistency from untrusted bytes. Any proof node that is not 32 bytes fails it; for equal
    /// sizes the roots are compared as bytes, so two identical roots agree whatever their length
    /// (nothing is hashed, nothing is claimed beyond "the same tree").
    /// </summary>
    public static bool VerifyConsistency(
        ulong oldSize, ulong newSize, ReadOnlySpan<byte> oldRoot, ReadOnlySpan<byte> newRoot, IReadOnlyList<byte[]> proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (oldSize != 0 && oldSize == newSize)
        {
            return proof.Count == 0 && oldRoot.SequenceEqual(newRoot);
        }

        if (oldRoot.Length != Hash32.Size || newRoot.Length != Hash32.Size || !TryHashes(proof, out List<Hash32> path))
        {
            return false;
        }

        return VerifyConsistency(oldSize, newSize, new Hash32(oldRoot), new Hash32(newRoot), path);
    }

    private static bool TryHashes(IReadOnlyList<byte[]> proof, out List<Hash32> hashes)
    {
        hashes = new List<Hash32>(proof.Count);
        foreach (byte[] node in proof)
        {
            if (node is null || node.Length != Hash32.Size)
            {
                return false;
            }

            hashes.Add(new Hash32(node));
        }

        return true;
    }
}
