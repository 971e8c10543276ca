using System.Security.Cryptography;
using Ledger.Epochs;
using Ledger.Snapshots;
using Ledger.State;
using Ledger.TestKit.Chains;
using Ledger.Transactions;

namespace Ledger.Tests;

public sealed class SnapshotFormatTests
{
    // A state whose seen-set has a bucket with part of its entries pruned (the commitment still
    // hashes the pruned ones), a fully pruned bucket and a new one, and changed balances.
    private static (ExecutionHarness Harness, Transfer[] Live) PartlyPrunedState()
    {
        var harness = new ExecutionHarness(TestChain.Create());
        TestChain chain = harness.Chain;
        long t1 = chain.GenesisTimeMs + 10_000;
        harness.Run(10_000, chain.Transfer(0, 1, 5, t1 - 4_000), chain.Transfer(1, 2, 7, t1));
        harness.Run(1_000, chain.Transfer(2, 3, 9, t1 + 1_000 - 4_000));
        long t3 = t1 + 58_000;
        Transfer late = chain.Transfer(3, 0, 11, t3);
        harness.Run(t3 - harness.TimestampMs, late);
        return (harness, [late]);
    }

    private static byte[] Encode(LedgerState state, ulong height)
    {
        using var output = new MemoryStream();
        SnapshotFormat.Write(output, new CommittedView(height, TestBlocks.Id(height), state));
        return output.ToArray();
    }

    private static CommittedView Decode(byte[] bytes) => SnapshotFormat.Read(new MemoryStream(bytes), bytes.Length);

    [Fact]
    public void Read_StateInALaterEpoch_RestoresTheEpochAndRoster()
    {
        using Crypto.SigningKey key = TestChain.KeyFor(7);
        var roster = ValidatorRoster.Create([new OrganisationEntry("org1", [0x30, 0x00])], [new ValidatorEntry("org1", key.PublicKey, [0x30, 0x01], [0x30, 0x02])]);
        LedgerState original = LedgerState.Create([], [], [], 5, 1_000, roster, epoch: 3);

        CommittedView restored = Decode(Encode(original, 5));

        Assert.Equal(3UL, restored.State.Epoch);
        Assert.Equal(roster.Encoded, restored.State.Roster.Encoded);
        Assert.Equal(original.Root, restored.StateRoot);
    }

    [Fact]
    public void Read_SnapshotOfFormat1_IsRefusedWithItsFormat()
    {
        byte[] bytes = Encode(LedgerState.Empty, 0);
        bytes[7] = 1;

        FormatException e = Assert.Throws<FormatException>(() => Decode(bytes));

        Assert.Contains("snapshot format 1, this build reads format 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_StateWithAPartlyPrunedSeenBucket_ReproducesRootAndBehaviour()
    {
        (ExecutionHarness harness, Transfer[] live) = PartlyPrunedState();
        LedgerState original = harness.State;
        Assert.Contains(original.SeenByExpiry.Buckets(), b => b.Start > 0);

        CommittedView restored = Decode(Encode(original, original.Height));

        Assert.Equal(original.Root, restored.StateRoot);
        Assert.Equal(original.Header, restored.State.Header);
        Assert.Equal(TestBlocks.Id(original.Height), restored.BlockId);
        Assert.Equal(original.SeenCount, restored.State.SeenCount);
        Assert.All(original.Seen.Enumerate(), e => Assert.True(restored.State.HasSeen(e.Key)));
        Assert.True(restored.State.HasSeen(SeenEntry.TreeKey(live[0].From, live[0].Nonce)));
        Assert.Equal(original.TotalSupply, restored.State.TotalSupply);

        // The next block prunes the rest of the seen-set: on the restored state it must give the
        // same root as on the original (the buckets' order, starts and digests came back).
        long next = harness.TimestampMs + 61_000;
        Transfer t = harness.Chain.Transfer(1, 0, 3, next);
        var input = new Execution.BlockInput(TestBlocks.Id(original.Height), TestBlocks.Id(original.Height + 1), original.Height + 1, next, [t]);
        Assert.Equal(harness.Executor.Execute(original, input).StateRoot, harness.Executor.Execute(restored.State, input).StateRoot);
    }

    [Fact]
    public void Read_GenesisState_RoundTrips()
    {
        var harness = new ExecutionHarness(TestChain.Create());
        byte[] bytes = Encode(harness.State, 0);
        Assert.Equal(harness.State.Root, Decode(bytes).StateRoot);
        Assert.Equal(bytes, Encode(Decode(bytes).State, 0));
    }

    [Fact]
    public void Read_AnyFlippedByte_IsRefused()
    {
        (ExecutionHarness harness, _) = PartlyPrunedState();
        byte[] bytes = Encode(harness.State, harness.State.Height);
        foreach (int at in new[] { 0, 5, 20, SnapshotFormat.PreambleSize + 10, bytes.Length / 2, bytes.Length - 40, bytes.Length - 1 })
        {
            byte[] damaged = (byte[])bytes.Clone();
            damaged[at] ^= 0x01;
            Assert.Throws<FormatException>(() => Decode(damaged));
        }
    }

    [Fact]
    public void Read_TruncatedOrExtended_IsRefused()
    {
        (ExecutionHarness harness, _) = PartlyPrunedState();
        byte[] bytes = Encode(harness.State, harness.State.Height);
        Assert.Throws<FormatException>(() => Decode(bytes[..^1]));
        Assert.Throws<FormatException>(() => Decode([.. bytes, 0]));
        Assert.Throws<FormatException>(() => Decode(bytes[..(SnapshotFormat.PreambleSize + 2)]));
    }

    [Fact]
    public void Read_ContentsThatDoNotGiveTheClaimedRoot_IsRefusedEvenWithAValidChecksum()
    {
        (ExecutionHarness harness, _) = PartlyPrunedState();
        byte[] bytes = Encode(harness.State, harness.State.Height);

        // Raise the first account's balance by one and re-seal the file: only the root check can see it.
        int balanceAt = SnapshotFormat.PreambleSize + 4 + 1 + 32 + 7;
        bytes[balanceAt] ^= 0x01;
        SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32)).CopyTo(bytes, bytes.Length - 32);

        FormatException e = Assert.Throws<FormatException>(() => Decode(bytes));
        Assert.Contains("state root", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadInfo_ReturnsTheClaimedHeightBlockAndHeader()
    {
        (ExecutionHarness harness, _) = PartlyPrunedState();
        byte[] bytes = Encode(harness.State, harness.State.Height);
        SnapshotInfo info = SnapshotFormat.ReadInfo(new MemoryStream(bytes));
        Assert.Equal(harness.State.Height, info.Height);
        Assert.Equal(TestBlocks.Id(harness.State.Height), info.BlockId);
        Assert.Equal(harness.State.Root, info.StateRoot);
    }
}
