using Ledger.Crypto;
using Ledger.State;

namespace Ledger.Tests;

public sealed class SparseMerkleTreeTests
{
    private static readonly SmtValueWriter<ulong> Hasher = Write;

    private static int Write(in ulong value, Span<byte> destination)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(destination, value);
        return 8;
    }

    private static byte[] Bytes(ulong value)
    {
        var bytes = new byte[8];
        Write(value, bytes);
        return bytes;
    }

    private static Hash32 Key(int i) => Hash32.Sha256(BitConverter.GetBytes(i));

    private static SparseMerkleTree<ulong> Empty() => SparseMerkleTree<ulong>.Empty(Hasher);

    private static KeyValuePair<Hash32, ulong> Entry(int i, ulong v) => new(Key(i), v);

    [Fact]
    public void Root_EmptyTree_IsZeroHash()
    {
        Assert.Equal(Hash32.Zero, Empty().Root);
    }

    [Fact]
    public void Root_SingleLeaf_IsLeafHash()
    {
        SparseMerkleTree<ulong> tree = Empty().Apply([Entry(1, 5)], []);
        Assert.Equal(SmtHashing.Leaf(Key(1), Bytes(5)), tree.Root);
    }

    [Fact]
    public void Apply_BatchesInAnyOrder_GiveSameRootAsBulkBuild()
    {
        var random = new Random(1234);
        var expected = new Dictionary<Hash32, ulong>();
        SparseMerkleTree<ulong> tree = Empty();
        for (int round = 0; round < 30; round++)
        {
            var upserts = new Dictionary<Hash32, ulong>();
            var deletes = new HashSet<Hash32>();
            for (int j = 0; j < 25; j++)
            {
                int i = random.Next(200);
                if (upserts.ContainsKey(Key(i)) || deletes.Contains(Key(i)))
                {
                    continue;
                }

                if (random.Next(4) == 0)
                {
                    deletes.Add(Key(i));
                    expected.Remove(Key(i));
                }
                else
                {
                    ulong value = (ulong)random.Next();
                    upserts[Key(i)] = value;
                    expected[Key(i)] = value;
                }
            }

            tree = tree.Apply(upserts, deletes);
            SparseMerkleTree<ulong> rebuilt = SparseMerkleTree<ulong>.Build(expected, Hasher);
            Assert.Equal(rebuilt.Root, tree.Root);
            Assert.Equal(expected.Count, tree.Count);
        }

        foreach (KeyValuePair<Hash32, ulong> entry in expected)
        {
            Assert.True(tree.TryGet(entry.Key, out ulong value));
            Assert.Equal(entry.Value, value);
        }

        Assert.Equal(expected.Keys.Order(), tree.Enumerate().Select(e => e.Key));
    }

    [Fact]
    public void Root_AfterManyVersions_EqualsBulkBuild()
    {
        var expected = new Dictionary<Hash32, ulong>();
        SparseMerkleTree<ulong> tree = Empty();
        for (int round = 0; round < 20; round++)
        {
            var batch = Enumerable.Range(round * 50, 50).ToDictionary(Key, i => (ulong)i);
            foreach (var entry in batch)
            {
                expected[entry.Key] = entry.Value;
            }

            tree = tree.Apply(batch, round > 0 ? [Key((round - 1) * 50)] : []);
            if (round > 0)
            {
                expected.Remove(Key((round - 1) * 50));
            }
        }

        Assert.Equal(SparseMerkleTree<ulong>.Build(expected, Hasher).Root, tree.Root);
    }

    [Fact]
    public void Apply_OldVersion_IsUnchanged()
    {
        SparseMerkleTree<ulong> v1 = Empty().Apply([Entry(1, 1), Entry(2, 2)], []);
        Hash32 root1 = v1.Root;
        SparseMerkleTree<ulong> v2 = v1.Apply([Entry(1, 10), Entry(3, 3)], [Key(2)]);
        Assert.Equal(root1, v1.Root);
        Assert.True(v1.TryGet(Key(2), out ulong two));
        Assert.Equal(2UL, two);
        Assert.False(v2.TryGet(Key(2), out _));
        Assert.NotEqual(root1, v2.Root);
    }

    [Fact]
    public void Apply_DuplicateKeyInBatch_Throws()
    {
        Assert.Throws<ArgumentException>(() => Empty().Apply([Entry(1, 1)], [Key(1)]));
    }

    [Fact]
    public void Prove_PresentKey_VerifiesInclusionOnlyForItsValue()
    {
        SparseMerkleTree<ulong> tree = SparseMerkleTree<ulong>.Build(Enumerable.Range(0, 500).Select(i => Entry(i, (ulong)i)), Hasher);
        for (int i = 0; i < 500; i += 37)
        {
            SmtProof proof = tree.Prove(Key(i));
            Assert.True(proof.VerifyInclusion(tree.Root, Bytes((ulong)i)));
            Assert.False(proof.VerifyInclusion(tree.Root, Bytes((ulong)i + 1)));
            Assert.False(proof.VerifyAbsence(tree.Root));
        }
    }

    [Fact]
    public void Prove_AbsentKey_VerifiesAbsence()
    {
        SparseMerkleTree<ulong> tree = SparseMerkleTree<ulong>.Build(Enumerable.Range(0, 500).Select(i => Entry(i, (ulong)i)), Hasher);
        for (int i = 1000; i < 1100; i += 7)
        {
            SmtProof proof = tree.Prove(Key(i));
            Assert.True(proof.VerifyAbsence(tree.Root));
            Assert.False(proof.VerifyInclusion(tree.Root, Bytes(0)));
        }
    }

    [Fact]
    public void Verify_TamperedSibling_Fails()
    {
        SparseMerkleTree<ulong> tree = SparseMerkleTree<ulong>.Build(Enumerable.Range(0, 64).Select(i => Entry(i, (ulong)i)), Hasher);
        SmtProof proof = tree.Prove(Key(5));
        Hash32[][] levels = [.. proof.Levels.Select(l => (Hash32[])l.Clone())];
        int slot = Array.FindIndex(levels[^1], h => !h.IsZero);
        levels[^1][slot] = Hash32.Sha256([1]);
        Assert.False((proof with { Levels = levels }).VerifyInclusion(tree.Root, Bytes(5)));
    }

    [Fact]
    public void VerifyAbsence_LeafOfPresentKeyPassedOffAsOther_Fails()
    {
        SparseMerkleTree<ulong> tree = SparseMerkleTree<ulong>.Build(Enumerable.Range(0, 64).Select(i => Entry(i, (ulong)i)), Hasher);
        SmtProof proof = tree.Prove(Key(5));
        Assert.False(proof.VerifyAbsence(tree.Root));
        // Claiming the proof is about another key that would share the path is refused: the
        // recomputed root follows the claimed key's bits.
        Assert.False((proof with { Key = Key(6) }).VerifyAbsence(tree.Root));
    }

    [Fact]
    public void Prove_LargeTree_PathIsShortAndVerifies()
    {
        SparseMerkleTree<ulong> tree = SparseMerkleTree<ulong>.Build(Enumerable.Range(0, 20_000).Select(i => Entry(i, (ulong)i)), Hasher);
        SmtProof proof = tree.Prove(Key(12_345));
        Assert.InRange(proof.Levels.Count, 3, 6);
        Assert.True(proof.VerifyInclusion(tree.Root, Bytes(12_345)));
    }

    [Fact]
    public void WriteTo_ReadFrom_RoundTrips()
    {
        SparseMerkleTree<ulong> tree = SparseMerkleTree<ulong>.Build(Enumerable.Range(0, 64).Select(i => Entry(i, (ulong)i)), Hasher);
        foreach (SmtProof proof in new[] { tree.Prove(Key(3)), tree.Prove(Key(999)) })
        {
            var writer = new CanonicalWriter();
            proof.WriteTo(writer);
            var reader = new CanonicalReader(writer.WrittenSpan);
            SmtProof decoded = SmtProof.ReadFrom(ref reader);
            Assert.True(reader.AtEnd);
            Assert.Equal(proof.Levels.Count, decoded.Levels.Count);
            Assert.Equal(proof.LeafKey, decoded.LeafKey);
            Assert.Equal(proof.LeafValue, decoded.LeafValue);
            Assert.Equal(proof.ComputeRoot(), decoded.ComputeRoot());
        }
    }
}
