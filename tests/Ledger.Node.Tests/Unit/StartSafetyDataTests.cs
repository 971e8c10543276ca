using Ledger.Consensus;
using Ledger.Consensus.Codec;
using Ledger.Consensus.Safety;
using Ledger.Node.Runtime;
using Ledger.Storage;
using Ledger.TestKit;

namespace Ledger.Node.Tests.Unit;

/// <summary>
/// What a node's core starts with: its own record, or - when safety.bin is missing, whatever the
/// ledger holds, or names another current validator's key - a lost record (it abstains); a record
/// of a key the current set no longer lists, while it lists this one (a committed rotation), gives
/// way to a new record. A new validator's first record is written at set-up
/// (<see cref="InitialSafetyRecord"/>), never at start.
/// </summary>
public sealed class StartSafetyDataTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "start-safety-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static byte[] KeyOf(int validator) => TestKeys.Validator(validator).PublicKey.ToArray();

    private SafetyStore Store(int validator) => new(_directory, OsFileDurability.Instance, KeyOf(validator));

    /// <summary>The current set: validators 0-3, or with validator 0's key rotated to validator 9's.</summary>
    private static ValidatorSet Set(bool rotated = false) =>
        new(Enumerable.Range(0, 4).Select(i => TestKeys.Validator(rotated && i == 0 ? 9 : i).PublicKey));

    private static SafetyData Read(SafetyStore store, int own, out StartRecord found, bool rotated = false) =>
        StartSafetyData.Read(store, Set(rotated), TestKeys.Validator(own).PublicKey, out found);

    [Fact]
    public void Read_NoRecordBesideAnEmptyLedger_StartsAsLost()
    {
        SafetyData data = Read(Store(0), 0, out StartRecord found);

        Assert.Equal(SafetyData.Lost, data);
        Assert.Equal(StartRecord.Missing, found);
    }

    [Fact]
    public void Read_InitialRecordFromSetUp_StartsAsANewValidatorThatSignsAtOnce()
    {
        InitialSafetyRecord.Write(_directory, TestKeys.Validator(0).PublicKey, OsFileDurability.Instance);

        SafetyData data = Read(Store(0), 0, out StartRecord found);
        Assert.Equal(StartRecord.Own, found);

        Assert.Equal(SafetyData.Initial, data);
        Assert.False(data.Abstaining);
    }

    [Fact]
    public void Read_RecordOfAnotherCurrentValidator_StartsAsLostAndTheNextWriteNamesThisKey()
    {
        // Validator 1's record copied into validator 0's folder.
        Store(1).Write(ConsensusCodec.Encode(SafetyData.Initial with { HighestVotedRound = 9 }));
        SafetyStore mine = Store(0);

        SafetyData data = Read(mine, 0, out StartRecord found);
        mine.Write(ConsensusCodec.Encode(SafetyData.Lost));

        Assert.Equal(SafetyData.Lost, data);
        Assert.Equal(StartRecord.OfAnotherValidator, found);
        SafetyStore reopened = Store(0);
        Assert.Equal(SafetyData.Lost, ConsensusCodec.DecodeSafetyData(reopened.Read()!));
        Assert.Equal(KeyOf(0), reopened.RecordOwner);
    }

    [Fact]
    public void Read_RecordKeptAcrossACommittedKeyRotation_NewKeyStartsItsOwnRecordWithoutAbstaining()
    {
        // Validator 0's record (old key), read by its node restarted with the new key (validator 9's) that the current set lists.
        Store(0).Write(ConsensusCodec.Encode(SafetyData.Initial with { HighestVotedRound = 9, Epoch = 0 }));
        var mine = new SafetyStore(_directory, OsFileDurability.Instance, KeyOf(9));

        SafetyData data = Read(mine, 9, out StartRecord found, rotated: true);

        Assert.Equal(StartRecord.OfRotatedKey, found);
        Assert.Equal(SafetyData.Initial, data);
        Assert.False(data.Abstaining);
    }

    [Fact]
    public void Read_RecordOfARetiredKeyButThisKeyNotInTheSet_StartsAsLost()
    {
        // The record's key is in no current set, but neither is this node's: no committed rotation says this key is new.
        Store(0).Write(ConsensusCodec.Encode(SafetyData.Initial with { HighestVotedRound = 9 }));
        var mine = new SafetyStore(_directory, OsFileDurability.Instance, KeyOf(8));

        SafetyData data = Read(mine, 8, out StartRecord found, rotated: true);

        Assert.Equal(StartRecord.OfAnotherValidator, found);
        Assert.Equal(SafetyData.Lost, data);
    }

    [Fact]
    public void Read_FormatThreeRecord_StartsWithTheRoundAfterTheVotedOneCountedAsProposed()
    {
        // A format-3 file: the format-4 encoding without its last eight bytes, version byte 3, no key named.
        byte[] formatThree = ConsensusCodec.Encode(SafetyData.Initial with { HighestVotedRound = 6, HighestQcRound = 5 })[..^8];
        Store(0).Write(formatThree);
        string path = Path.Combine(_directory, SafetyStore.FileName);
        byte[] file = File.ReadAllBytes(path);
        file[7] = 3;
        file.AsSpan(12, 32).Clear();
        File.WriteAllBytes(path, file);

        SafetyData data = Read(Store(0), 0, out StartRecord found);

        Assert.Equal(StartRecord.Own, found);
        Assert.Equal(SafetyData.Initial with { HighestVotedRound = 6, HighestQcRound = 5, HighestProposedRound = 7 }, data);
    }

    [Fact]
    public void InitialSafetyRecord_DataFolderNotEmpty_RefusedAndNothingWritten()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "ledger"));

        Assert.Throws<IOException>(() => InitialSafetyRecord.Write(_directory, TestKeys.Validator(0).PublicKey, OsFileDurability.Instance));

        Assert.False(File.Exists(Path.Combine(_directory, SafetyStore.FileName)));
    }
}
