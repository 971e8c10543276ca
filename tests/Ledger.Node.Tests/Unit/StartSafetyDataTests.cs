using Ledger.Consensus.Codec;
using Ledger.Consensus.Safety;
using Ledger.Node.Runtime;
using Ledger.Storage;
using Ledger.TestKit;

namespace Ledger.Node.Tests.Unit;

/// <summary>
/// What a node's core starts with: its own record, or - when safety.bin is missing, whatever the
/// ledger holds, or names another key - a lost record (it abstains). A new validator's first
/// record is written at set-up (<see cref="InitialSafetyRecord"/>), never at start.
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

    [Fact]
    public void Read_NoRecordBesideAnEmptyLedger_StartsAsLost()
    {
        SafetyData data = StartSafetyData.Read(Store(0), out bool ofAnotherKey);

        Assert.Equal(SafetyData.Lost, data);
        Assert.False(ofAnotherKey);
    }

    [Fact]
    public void Read_InitialRecordFromSetUp_StartsAsANewValidatorThatSignsAtOnce()
    {
        InitialSafetyRecord.Write(_directory, TestKeys.Validator(0).PublicKey, OsFileDurability.Instance);

        SafetyData data = StartSafetyData.Read(Store(0), out _);

        Assert.Equal(SafetyData.Initial, data);
        Assert.False(data.Abstaining);
    }

    [Fact]
    public void Read_RecordOfAnotherKey_StartsAsLostAndTheNextWriteNamesThisKey()
    {
        // Validator 1's record copied into validator 0's folder.
        Store(1).Write(ConsensusCodec.Encode(SafetyData.Initial with { HighestVotedRound = 9 }));
        SafetyStore mine = Store(0);

        SafetyData data = StartSafetyData.Read(mine, out bool ofAnotherKey);
        mine.Write(ConsensusCodec.Encode(SafetyData.Lost));

        Assert.Equal(SafetyData.Lost, data);
        Assert.True(ofAnotherKey);
        SafetyStore reopened = Store(0);
        Assert.Equal(SafetyData.Lost, ConsensusCodec.DecodeSafetyData(reopened.Read()!));
        Assert.Equal(KeyOf(0), reopened.RecordOwner);
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

        SafetyData data = StartSafetyData.Read(Store(0), out bool ofAnotherKey);

        Assert.False(ofAnotherKey);
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
