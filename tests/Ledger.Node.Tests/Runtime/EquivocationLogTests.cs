using System.Text.Json;
using Ledger.Consensus.Codec;
using Ledger.Consensus.Messages;
using Ledger.Consensus.Verification;
using Ledger.Crypto;
using Ledger.Node.Runtime;
using Ledger.TestKit;

namespace Ledger.Node.Tests.Runtime;

public sealed class EquivocationLogTests : IDisposable
{
    private static readonly ConsensusBuilder B = new(4);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "evidence-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Add_SecondRecordForOneOffenderKindAndRound_Duplicate()
    {
        var log = Open();

        var first = log.Add(Record("org2-v1", 5));
        var again = log.Add(Record("org2-v1", 5));
        var otherKind = log.Add(Record("org2-v1", 5, "Vote"));

        Assert.Equal((EquivocationOutcome.Recorded, EquivocationOutcome.Duplicate, EquivocationOutcome.Recorded), (first, again, otherKind));
        Assert.Equal(2, log.Count);
    }

    [Fact]
    public void Add_OffenderAtItsCap_RefusedWhileOthersAreStillKept()
    {
        var log = Open(maxRecords: 10, perOffender: 2);
        log.Add(Record("org2-v1", 1));
        log.Add(Record("org2-v1", 2));

        var third = log.Add(Record("org2-v1", 3));
        var other = log.Add(Record("org3-v1", 3));

        Assert.Equal(EquivocationOutcome.OffenderCap, third);
        Assert.Equal(EquivocationOutcome.Recorded, other);
        Assert.Equal(3, log.Count);
    }

    [Fact]
    public void Add_LogAtItsCapacity_LogFull()
    {
        var log = Open(maxRecords: 2, perOffender: 2);
        log.Add(Record("org2-v1", 1));
        log.Add(Record("org3-v1", 1));

        Assert.Equal(EquivocationOutcome.LogFull, log.Add(Record("org4-v1", 1)));
        Assert.Equal(2, log.Count);
    }

    [Fact]
    public void Open_AfterRestart_SameRecordsAtTheSameIndexesAndDuplicatesStillRefused()
    {
        var before = Open();
        before.Add(Record("org2-v1", 1));
        before.Add(Record("org3-v1", 7));

        var after = Open();

        Assert.Equal([("org2-v1", 1UL), ("org3-v1", 7UL)], after.Page(0, 10).Records.Select(r => (r.Signer, r.Round)));
        Assert.Equal(EquivocationOutcome.Duplicate, after.Add(Record("org3-v1", 7)));
    }

    [Fact]
    public void Open_LineCutShortByACrash_DroppedAndTheNextRecordReadable()
    {
        var log = Open();
        log.Add(Record("org2-v1", 1));
        File.AppendAllText(Path.Combine(_directory, EquivocationLog.FileName), "{\"Signer\":\"org3");

        var reopened = Open();
        reopened.Add(Record("org4-v1", 2));

        Assert.Equal(["org2-v1", "org4-v1"], Open().Page(0, 10).Records.Select(r => r.Signer));
    }

    [Fact]
    public void Page_FromAnIndex_AtMostTheAskedNumberAndTheTotal()
    {
        var log = Open();
        for (ulong round = 1; round <= 5; round++)
        {
            log.Add(Record("org2-v1", round));
        }

        var (middle, total) = log.Page(1, 2);
        var (tail, _) = log.Page(4, 10);
        var (beyond, _) = log.Page(9, 10);

        Assert.Equal([2UL, 3UL], middle.Select(r => r.Round));
        Assert.Equal(5, total);
        Assert.Equal([5UL], tail.Select(r => r.Round));
        Assert.Empty(beyond);
    }

    [Fact]
    public void Open_LegacyLogOfWholeProposals_ConvertedToCompactEvidenceThatStillVerifies()
    {
        // The encoding logs held before evidence became compact: both proposals whole.
        var first = new Proposal(B.Block(1, B.GenesisQc, new string('a', 100_000)), null);
        var second = new Proposal(B.Block(1, B.GenesisQc, new string('b', 100_000)), null);
        var legacy = new CanonicalWriter().WriteU8(1).WriteU32(1).WriteU64(1)
            .WriteBytes(ConsensusCodec.Encode(first)).WriteBytes(ConsensusCodec.Encode(second)).ToArray();
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Path.Combine(_directory, EquivocationLog.LegacyFileName),
            JsonSerializer.Serialize(new { Signer = "org2-v1", Round = 1UL, Kind = "Proposal", Evidence = Convert.ToHexString(legacy) }) + "\n");

        var log = Open();

        var record = Assert.Single(log.Page(0, 10).Records);
        var evidence = ConsensusCodec.DecodeEvidence(record.Evidence);
        Assert.Equal(SignedBlockHeader.Of(first.Block), evidence.First);
        Assert.Null(EquivocationVerifier.Check(evidence, B.ChainId, B.Validators));
        Assert.True(record.Evidence.Length < 400);
        Assert.False(File.Exists(Path.Combine(_directory, EquivocationLog.LegacyFileName)));
        Assert.Single(Open().Page(0, 10).Records);
    }

    private EquivocationLog Open(int maxRecords = 100, int perOffender = 10) => new(_directory, B.ChainId, maxRecords, perOffender);

    private static EquivocationRecord Record(string signer, ulong round, string kind = "Proposal") => new(signer, round, kind, [1, 2, 3]);
}
