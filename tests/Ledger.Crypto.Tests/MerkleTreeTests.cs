namespace Ledger.Crypto.Tests;

public sealed class MerkleTreeTests
{
    private static List<Hash32> Leaves(int count) =>
        Enumerable.Range(0, count).Select(i => MerkleTree.HashLeaf(BitConverter.GetBytes(i * 7919))).ToList();

    [Fact]
    public void InclusionProof_EveryLeafOfSizes1To40_Verifies()
    {
        for (int size = 1; size <= 40; size++)
        {
            List<Hash32> leaves = Leaves(size);
            Hash32 root = MerkleTree.Root(leaves);
            for (int index = 0; index < size; index++)
            {
                IReadOnlyList<Hash32> proof = MerkleTree.InclusionProof(leaves, index);
                Assert.True(MerkleTree.VerifyInclusion(leaves[index], index, size, proof, root), $"size {size} index {index}");
            }
        }
    }

    [Fact]
    public void InclusionProof_Tampered_FailsToVerify()
    {
        List<Hash32> leaves = Leaves(13);
        Hash32 root = MerkleTree.Root(leaves);
        for (int index = 0; index < leaves.Count; index++)
        {
            var proof = MerkleTree.InclusionProof(leaves, index).ToList();
            Assert.False(MerkleTree.VerifyInclusion(leaves[(index + 1) % 13], index, 13, proof, root));
            Assert.False(MerkleTree.VerifyInclusion(leaves[index], (index + 1) % 13, 13, proof, root));
            Assert.False(MerkleTree.VerifyInclusion(leaves[index], index, 13, proof, MerkleTree.HashLeaf([1])));
            Assert.False(MerkleTree.VerifyInclusion(leaves[index], index, 13, proof.Take(proof.Count - 1).ToList(), root));
            Assert.False(MerkleTree.VerifyInclusion(leaves[index], index, 13, [.. proof, root], root));
            proof[0] = MerkleTree.HashChildren(proof[0], proof[0]);
            Assert.False(MerkleTree.VerifyInclusion(leaves[index], index, 13, proof, root));
        }
    }

    [Fact]
    public void ConsistencyProof_AllPairsUpTo33_Verifies()
    {
        List<Hash32> all = Leaves(33);
        for (int newSize = 1; newSize <= 33; newSize++)
        {
            List<Hash32> leaves = all.Take(newSize).ToList();
            Hash32 newRoot = MerkleTree.Root(leaves);
            for (int oldSize = 1; oldSize <= newSize; oldSize++)
            {
                Hash32 oldRoot = MerkleTree.Root(all.Take(oldSize).ToList());
                IReadOnlyList<Hash32> proof = MerkleTree.ConsistencyProof(leaves, oldSize);
                Assert.True(MerkleTree.VerifyConsistency(oldSize, newSize, oldRoot, newRoot, proof), $"{oldSize} -> {newSize}");
            }
        }
    }

    [Fact]
    public void ConsistencyProof_Tampered_FailsToVerify()
    {
        List<Hash32> leaves = Leaves(21);
        Hash32 newRoot = MerkleTree.Root(leaves);
        for (int oldSize = 1; oldSize < 21; oldSize++)
        {
            Hash32 oldRoot = MerkleTree.Root(leaves.Take(oldSize).ToList());
            var proof = MerkleTree.ConsistencyProof(leaves, oldSize).ToList();
            Assert.False(MerkleTree.VerifyConsistency(oldSize, 21, newRoot, newRoot, proof));
            Assert.False(MerkleTree.VerifyConsistency(oldSize, 21, oldRoot, oldRoot, proof));
            Assert.False(MerkleTree.VerifyConsistency(oldSize, 21, oldRoot, newRoot, proof.Skip(1).ToList()));
            proof[^1] = MerkleTree.HashChildren(proof[^1], oldRoot);
            Assert.False(MerkleTree.VerifyConsistency(oldSize, 21, oldRoot, newRoot, proof));
        }

        // A forked history: same size, one earlier leaf replaced.
        List<Hash32> forked = [.. leaves];
        forked[2] = MerkleTree.HashLeaf([9, 9]);
        Hash32 forkedOld = MerkleTree.Root(forked.Take(8).ToList());
        Assert.False(MerkleTree.VerifyConsistency(8, 21, forkedOld, newRoot, MerkleTree.ConsistencyProof(leaves, 8)));
    }

    [Fact]
    public void Root_MatchesRecursiveDefinition()
    {
        for (int size = 1; size <= 20; size++)
        {
            List<Hash32> leaves = Leaves(size);
            Assert.Equal(Recursive(leaves), MerkleTree.Root(leaves));
        }
    }

    [Fact]
    public void Proofs_OutOfRangeArguments_Throw()
    {
        List<Hash32> leaves = Leaves(4);

        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleTree.InclusionProof(leaves, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleTree.ConsistencyProof(leaves, 5));
        Assert.False(MerkleTree.VerifyInclusion(leaves[0], -1, 4, [], MerkleTree.Root(leaves)));
        Assert.False(MerkleTree.VerifyConsistency(0, 4, MerkleTree.EmptyRoot, MerkleTree.Root(leaves), []));
    }

    private static Hash32 Recursive(IReadOnlyList<Hash32> leaves)
    {
        if (leaves.Count == 1)
        {
            return leaves[0];
        }

        int k = 1;
        while (k * 2 < leaves.Count)
        {
            k *= 2;
        }

        return MerkleTree.HashChildren(Recursive(leaves.Take(k).ToList()), Recursive(leaves.Skip(k).ToList()));
    }
}
