using Google.Protobuf;
using Ledger.Client.Evidence;
using Ledger.Client.Protos;
using Ledger.Node.Runtime;
using Ledger.Node.Services;

namespace Ledger.Node.Tests.Epochs;

/// <summary>Epoch-change proofs read from a stored chain, and what a wallet makes of them.</summary>
public sealed class EpochProofSourceTests : IDisposable
{
    private readonly CertifiedEpochLedger _ledger = new();

    public void Dispose() => _ledger.Dispose();

    // Epoch 0: blocks 1-2, block 3 adds org5 (ends epoch 0); epoch 1: blocks 4-5, block 6 adds org6
    // (ends epoch 1); epoch 2: blocks 7-8.
    private void TwoChanges()
    {
        _ledger.Commit();
        _ledger.Commit();
        _ledger.AddOrganisation("org5", 4);
        _ledger.Commit();
        _ledger.Commit();
        _ledger.AddOrganisation("org6", 5);
        _ledger.Commit();
        _ledger.Commit();
    }

    private EpochProofSource Source() => new(_ledger.Engine, new LedgerStoreGate());

    [Fact]
    public void Read_ChainWithTwoChanges_ReturnsTheEndingBlocksProofsThatAWalletAccepts()
    {
        TwoChanges();

        EpochProofPage page = Source().Read(0, 16, 1 << 20);

        Assert.Equal(2UL, page.CurrentEpoch);
        Assert.Equal([1UL, 2UL], page.Proofs.Select(p => p.Epoch));
        Assert.Equal([3UL, 6UL], page.Proofs.Select(p => p.Header.Height));
        var verifier = new EvidenceVerifier(_ledger.Genesis);
        verifier.AcceptEpochProofs(page.Proofs);
        Assert.Equal(2UL, verifier.Epochs.Highest);
        Assert.Equal(_ledger.Engine.Committed.State.Roster.Validators.Select(v => v.ConsensusKey), verifier.Epochs.VerifierOf(2)!.Validators.Keys);
    }

    [Fact]
    public void VerifyCommitted_EvidenceOfALaterEpoch_IsUnprovenUntilTheProofsAreAccepted()
    {
        TwoChanges();
        var evidence = new CommitEvidence { Height = 8, Certificate = ByteString.CopyFrom(_ledger.LastCertificate) };
        var verifier = new EvidenceVerifier(_ledger.Genesis);

        var unproven = Assert.Throws<UnprovenEpochException>(() => verifier.VerifyCommitted(evidence));
        verifier.AcceptEpochProofs(Source().Read(0, 16, 1 << 20).Proofs);
        CertifiedBlock certified = verifier.VerifyCommitted(evidence);

        Assert.Equal(2UL, unproven.Epoch);
        Assert.Equal(0UL, unproven.HighestProven);
        Assert.Equal(8UL, certified.Height);
    }

    [Fact]
    public void Read_FromAProvenEpochWithALimitOfOne_ReturnsTheNextProofOnly()
    {
        TwoChanges();

        EpochProofPage fromOne = Source().Read(1, 1, 1 << 20);
        EpochProofPage fromZero = Source().Read(0, 1, 1 << 20);
        EpochProofPage atCurrent = Source().Read(2, 16, 1 << 20);

        Assert.Equal([2UL], fromOne.Proofs.Select(p => p.Epoch));
        Assert.Equal([1UL], fromZero.Proofs.Select(p => p.Epoch));
        Assert.Empty(atCurrent.Proofs);
    }

    [Fact]
    public void Read_ByteLimitBelowOneProof_StillReturnsOne()
    {
        TwoChanges();

        EpochProofPage page = Source().Read(0, 16, 1);

        Assert.Single(page.Proofs);
    }

    [Fact]
    public void Read_NoChange_ReturnsNothingInEpochZero()
    {
        _ledger.Commit();

        EpochProofPage page = Source().Read(0, 16, 1 << 20);

        Assert.Empty(page.Proofs);
        Assert.Equal(0UL, page.CurrentEpoch);
    }
}
