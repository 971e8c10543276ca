using Ledger.Crypto;
using Ledger.Epochs;
using Ledger.Execution;
using Ledger.TestKit.Chains;
using Ledger.Transactions;

namespace Ledger.Tests.Epochs;

/// <summary>An epoch change through the engine: the switch, the store and what a reopen restores.</summary>
public sealed class EpochEngineTests : IDisposable
{
    private static readonly EpochChain Chain = new();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ledger-epochs-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, true);
        }
    }

    private LedgerEngine Open(bool enabled, int snapshotEvery = 0) =>
        LedgerEngine.Open(_directory, Chain.Genesis, new LedgerEngineOptions { EnableValidatorSetChanges = enabled, SnapshotEveryBlocks = snapshotEvery });

    private static long T(long offsetMs) => Chain.Genesis.GenesisTimeMs + offsetMs;

    [Fact]
    public void Open_DefaultOptions_EnableValidatorSetChanges()
    {
        using LedgerEngine engine = LedgerEngine.Open(_directory, Chain.Genesis);
        Assert.True(engine.Rules.ValidatorSetChangesEnabled);
        (AddOrganisation add, _, _) = EpochChain.NewOrganisation("org5", 280);
        ExecutionResult result = engine.Execute(engine.GenesisBlockId, TestBlocks.Id(1), 1, T(1_000), [Chain.Approved(1, [add], 1, 2, 3)]);
        Assert.Equal(ReceiptStatus.Success, result.Receipts[0].Status);
        Assert.Equal(1UL, result.NextEpoch!.Epoch);
    }

    [Fact]
    public void Open_ChangesTurnedOff_RefusesWithDisabled()
    {
        using LedgerEngine engine = Open(enabled: false);
        (AddOrganisation add, _, _) = EpochChain.NewOrganisation("org5", 280);
        ExecutionResult result = engine.Execute(engine.GenesisBlockId, TestBlocks.Id(1), 1, T(1_000), [Chain.Approved(1, [add], 1, 2, 3)]);
        Assert.Equal(ReceiptStatus.ValidatorSetChangesDisabled, result.Receipts[0].Status);
    }

    [Fact]
    public void Open_AfterCommittedEpochChange_RestoresEpochAndRosterFromTheStateDiff()
    {
        Hash32 root;
        ValidatorRoster roster;
        using (LedgerEngine engine = Open(enabled: true))
        {
            Assert.Equal(0UL, engine.Committed.State.Epoch);
            (AddOrganisation add, _, _) = EpochChain.NewOrganisation("org5", 281);
            ExecutionResult result = engine.Execute(engine.GenesisBlockId, TestBlocks.Id(1), 1, T(1_000), [Chain.Approved(1, [add], 1, 2, 3)]);
            Assert.Equal(1UL, result.NextEpoch!.Epoch);
            engine.Commit(TestBlocks.Id(1), [1, 2, 3]);
            engine.Execute(TestBlocks.Id(1), TestBlocks.Id(2), 2, T(2_000), []);
            engine.Commit(TestBlocks.Id(2), [4]);
            root = engine.Committed.StateRoot;
            roster = engine.Committed.State.Roster;
        }

        using LedgerEngine reopened = Open(enabled: true);
        Assert.Equal(root, reopened.Committed.StateRoot);
        Assert.Equal(1UL, reopened.Committed.State.Epoch);
        Assert.Equal(roster.Encoded, reopened.Committed.State.Roster.Encoded);
        Assert.Equal(5, reopened.Committed.State.Roster.Validators.Count);
    }

    [Fact]
    public void Open_FromSnapshotAfterEpochChange_RestoresEpochAndRoster()
    {
        Hash32 root;
        using (LedgerEngine engine = Open(enabled: true))
        {
            (AddOrganisation add, _, _) = EpochChain.NewOrganisation("org5", 282);
            engine.Execute(engine.GenesisBlockId, TestBlocks.Id(1), 1, T(1_000), [Chain.Approved(1, [add], 1, 2, 3)]);
            engine.Commit(TestBlocks.Id(1), [1]);
            engine.WriteSnapshot(_directory, 2);
            root = engine.Committed.StateRoot;
        }

        using LedgerEngine reopened = Open(enabled: true);
        Assert.Equal(1UL, reopened.Restored.SnapshotHeight);
        Assert.Equal(root, reopened.Committed.StateRoot);
        Assert.Equal(1UL, reopened.Committed.State.Epoch);
    }
}
