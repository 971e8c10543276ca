using Ledger.Crypto;
using Ledger.State;

namespace Ledger.Tests;

/// <summary>
/// The tree's storage: versions sharing one append-only arena, compaction into a fresh one, and
/// lookup-only trees. What matters is that no version ever sees another version's nodes or
/// loses its own, whatever happens to the arena after it was made.
/// </summary>
public sealed class SparseMerkleTreeArenaTests
{
    private static readonly SmtValueWriter<ulong> Writer = Write;

    private static int Write(in ulong value, Span<byte> destination)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(destination, value);
        return 8;
    }

    private static Hash32 Key(int i) => Hash32.Sha256(BitConverter.GetBytes(i));

    private static KeyValuePair<Hash32, ulong> Entry(int i, ulong v) => new(Key(i), v);

    private static SparseMerkleTree<ulong> Tree(int count) =>
        SparseMerkleTree<ulong>.Build(Enumerable.Range(0, count).Select(i => Entry(i, (ulong)i)), Writer);

    [Fact]
    public void Compacted_KeepsContentsRootAndProofs()
    {
        SparseMerkleTree<ulong> tree = Tree(3_000);
        for (int round = 0; round < 10; round++)
        {
            tree = tree.Apply(Enumerable.Range(round * 100, 100).Select(i => Entry(i, (ulong)(i + round))), [Key(2_999 - round)]);
        }

        SparseMerkleTree<ulong> compacted = tree.Compacted();

        Assert.True(compacted.ArenaNodeCount < tree.ArenaNodeCount);
        Assert.Equal(tree.Root, compacted.Root);
        Assert.Equal(tree.Count, compacted.Count);
        Assert.Equal(tree.Enumerate(), compacted.Enumerate());
        Assert.True(compacted.Prove(Key(150)).VerifyInclusion(compacted.Root, BitConverter.GetBytes((ulong)151).Reverse().ToArray()));
        Assert.True(compacted.Prove(Key(2_999)).VerifyAbsence(compacted.Root));
    }

    [Fact]
    public void Apply_OnAVersionLeftInTheOldArena_MatchesTheSameUpdateOnTheCompactedCopy()
    {
        SparseMerkleTree<ulong> v1 = Tree(2_000);
        SparseMerkleTree<ulong> compacted = v1.Compacted();
        KeyValuePair<Hash32, ulong>[] batch = [.. Enumerable.Range(1_900, 200).Select(i => Entry(i, 7))];

        // One descendant appends to the old arena, the other to the new one.
        SparseMerkleTree<ulong> fromOld = v1.Apply(batch, [Key(5)]);
        SparseMerkleTree<ulong> fromNew = compacted.Apply(batch, [Key(5)]);

        Assert.Equal(fromOld.Root, fromNew.Root);
        Assert.Equal(fromOld.Enumerate(), fromNew.Enumerate());
        Assert.True(v1.TryGet(Key(5), out ulong five));
        Assert.Equal(5UL, five);
        Assert.True(v1.TryGet(Key(1_950), out ulong old));
        Assert.Equal(1_950UL, old);
        Assert.Equal(Tree(2_000).Root, v1.Root);
    }

    [Fact]
    public void Apply_WhenDeadNodesOutnumberLiveOnes_CompactsAndKeepsTheRoot()
    {
        var expected = Enumerable.Range(0, 5_000).ToDictionary(Key, i => (ulong)i);
        SparseMerkleTree<ulong> tree = SparseMerkleTree<ulong>.Build(expected, Writer);
        var random = new Random(99);
        long largestArena = 0;
        bool compacted = false;
        for (int round = 0; round < 120; round++)
        {
            var batch = new Dictionary<Hash32, ulong>();
            while (batch.Count < 1_000)
            {
                int i = random.Next(5_000);
                batch[Key(i)] = (ulong)(round * 10_000 + i);
            }

            SparseMerkleTree<ulong> next = tree.Apply(batch, []);
            compacted |= next.ArenaNodeCount < tree.ArenaNodeCount;
            largestArena = Math.Max(largestArena, next.ArenaNodeCount);
            tree = next;
            foreach (KeyValuePair<Hash32, ulong> entry in batch)
            {
                expected[entry.Key] = entry.Value;
            }
        }

        Assert.True(compacted, "120 batches of 1,000 updates on 5,000 leaves should have compacted the arena");
        Assert.True(largestArena < 200_000, $"the arena grew to {largestArena} nodes");
        Assert.Equal(SparseMerkleTree<ulong>.Build(expected, Writer).Root, tree.Root);
    }

    [Fact]
    public async Task TryGet_WhileAnotherThreadGrowsTheSharedArena_AlwaysReadsItsOwnVersion()
    {
        SparseMerkleTree<ulong> v1 = Tree(1_000);
        using var stop = new CancellationTokenSource();
        int reads = 0;
        Task reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                for (int i = 0; i < 1_000; i += 7)
                {
                    if (!v1.TryGet(Key(i), out ulong value) || value != (ulong)i)
                    {
                        throw new InvalidOperationException($"version 1 read key {i} as {value}");
                    }
                }

                Interlocked.Increment(ref reads);
            }
        });

        // Enough appends to add many arena chunks (and replace the chunk directory) under the reader.
        SparseMerkleTree<ulong> tree = v1;
        for (int round = 0; round < 60; round++)
        {
            tree = tree.Apply(Enumerable.Range(round * 1_000, 1_000).Select(i => Entry(i, ulong.MaxValue)), []);
        }

        while (Volatile.Read(ref reads) < 20 && !reader.IsCompleted)
        {
            await Task.Yield();
        }

        stop.Cancel();
        await reader;
        Assert.True(tree.TryGet(Key(59_999), out ulong last));
        Assert.Equal(ulong.MaxValue, last);
    }

    [Fact]
    public void EmptyIndex_LooksUpButHasNoRootOrProofs()
    {
        SparseMerkleTree<ulong> index = SparseMerkleTree<ulong>.EmptyIndex().Apply([Entry(1, 10), Entry(2, 20)], []);

        Assert.True(index.TryGet(Key(2), out ulong two));
        Assert.Equal(20UL, two);
        Assert.Equal(2, index.Count);
        Assert.Throws<InvalidOperationException>(() => index.Root);
        Assert.Throws<InvalidOperationException>(() => index.Prove(Key(1)));
    }
}
