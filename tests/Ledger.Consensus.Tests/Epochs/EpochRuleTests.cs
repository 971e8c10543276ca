using Ledger.Consensus.Core;
using Ledger.Consensus.Messages;
using Ledger.Consensus.Safety;
using Ledger.Consensus.Verification;
using Ledger.Crypto;
using Ledger.TestKit;

namespace Ledger.Consensus.Tests.Epochs;

/// <summary>The epoch rule message by message: signatures name their epoch, suffix blocks are empty, safety data follows the epoch.</summary>
public sealed class EpochRuleTests
{
    private readonly ConsensusBuilder _b = new(4);

    [Fact]
    public void CheckQc_QuorumOfEpochZero_IsInvalidInEpochOneWithTheSameKeys()
    {
        Block b1 = _b.Block(1, _b.GenesisQc);
        QuorumCertificate qc = _b.Qc(b1, Hash32.Sha256("s"u8));
        var epochOne = new MessageVerifier(_b.ChainId, _b.Validators, Ed25519SignatureVerifier.Instance, null, 1);

        Assert.Null(_b.Verifier().CheckQc(qc));
        Assert.StartsWith("QC of epoch 0", epochOne.CheckQc(qc), StringComparison.Ordinal);

        // Relabelled as epoch 1, the epoch-0 signatures do not verify: the epoch is in the signed bytes.
        QuorumCertificate relabelled = qc with { Data = qc.Data with { Epoch = 1 } };
        Assert.Contains("signature", epochOne.CheckQc(relabelled), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckTimeout_SignedInEpochZero_IsInvalidInEpochOne()
    {
        RoundTimeout timeout = _b.Timeout(1, _b.GenesisQc, 2);
        var epochOne = new MessageVerifier(_b.ChainId, _b.Validators, Ed25519SignatureVerifier.Instance, null, 1);

        Assert.Null(_b.Verifier().CheckTimeout(timeout));
        Assert.NotNull(epochOne.CheckTimeout(timeout));
        Assert.Contains("signature", epochOne.CheckTimeout(timeout with { Epoch = 1 }), StringComparison.Ordinal);
    }

    [Fact]
    public void SignVote_BlockOfAnEarlierEpoch_IsRefused()
    {
        var rules = new SafetyRules(_b.ChainId, 0, ConsensusBuilder.Key(0), SafetyData.Initial with { Epoch = 1 });

        SafetyResult<Vote> result = rules.SignVote(_b.Block(1, _b.GenesisQc), null, Hash32.Sha256("s"u8), ConsensusBuilder.GenesisTimeMs);

        Assert.Null(result.Message);
        Assert.Equal(SafetyRule.WrongEpoch, result.Refusal!.Rule);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("tx", false)]
    public void Vote_BlockAfterAnEpochEndingBlock_OnlyWhenItsPayloadIsEmpty(string payload, bool votes)
    {
        ConsensusCore core = _b.Core(0);
        long now = ConsensusBuilder.GenesisTimeMs;
        core.Start(now);
        Block end = _b.Block(1, _b.GenesisQc, payload: "set-change");
        Hash32 endState = ConsensusBuilder.StateAfter(_b.GenesisStateRoot, end);
        core.Handle(new ProposalReceived(new Proposal(end, null)), now + 10);
        core.Handle(new BlockExecuted(end.Id, endState, false, new EpochChange(1, _b.Validators)), now + 10);

        Block suffix = _b.Block(2, _b.Qc(end, endState), payload);
        core.Handle(new ProposalReceived(new Proposal(suffix, null)), now + 20);
        ConsensusOutputs executed = core.Handle(new BlockExecuted(suffix.Id, ConsensusBuilder.StateAfter(endState, suffix), payload.Length == 0), now + 20);

        Assert.Equal(votes, executed.Actions.OfType<SendVote>().Any(v => v.Vote.Round == 2));
        Assert.Equal(!votes, executed.Rejections.Any(r => r.Reason.Contains("epoch-ending", StringComparison.Ordinal)));
        Assert.Equal(0UL, core.Epoch);
    }

    [Fact]
    public void Start_RootEndedThePreviousEpoch_ResetsOlderSafetyDataToTheNewEpochAndPersistsIt()
    {
        Block end = _b.Block(1, _b.GenesisQc, payload: "set-change");
        Hash32 endState = ConsensusBuilder.StateAfter(_b.GenesisStateRoot, end);
        QuorumCertificate endQc = _b.Qc(end, endState);
        var old = new SafetyData(5, 4, null, null);
        ConsensusConfig config = _b.Config(0) with { Epoch = 1 };

        var core = new ConsensusCore(config, old, CommittedRoot.FromBlock(end, endQc));
        ConsensusOutputs started = core.Start(end.TimestampMs + 1);

        Assert.Equal(1UL, core.Epoch);
        Assert.Equal(1UL, core.CurrentRound);
        Assert.Equal(SafetyData.Initial with { Epoch = 1 }, started.PersistFirst);
        Assert.True(core.HighQc.IsGenesis);
        Assert.Equal(end.Id, core.HighQc.BlockId);
    }

    [Fact]
    public void Start_SafetyDataAlreadyInTheNextEpoch_IsKeptAndNothingIsSignedInTheOldOne()
    {
        var ahead = new SafetyData(3, 2, null, null, Epoch: 1);
        ConsensusCore core = new(_b.Config(0), ahead, _b.GenesisRoot);
        long now = ConsensusBuilder.GenesisTimeMs;
        core.Start(now);

        Block b1 = _b.Block(1, _b.GenesisQc);
        core.Handle(new ProposalReceived(new Proposal(b1, null)), now + 10);
        ConsensusOutputs executed = core.Handle(new BlockExecuted(b1.Id, ConsensusBuilder.StateAfter(_b.GenesisStateRoot, b1)), now + 10);
        ConsensusOutputs timedOut = core.Handle(new TimerFired(core.CurrentRound), now + 10_000);

        Assert.Equal(ahead, core.SafetyData);
        Assert.Empty(executed.Actions.OfType<SendVote>());
        Assert.Empty(timedOut.Actions.OfType<BroadcastTimeout>());
    }
}
