using Ledger.Consensus.Messages;
using Ledger.Crypto;
using Ledger.TestKit;

namespace Ledger.Consensus.Tests;

public sealed class MessageVerifierTests
{
    private readonly ConsensusBuilder _b = new(4);
    private readonly Hash32 _root = Hash32.Sha256("state"u8);

    [Fact]
    public void CheckQc_QuorumOfDistinctSigners_Valid()
    {
        Block b1 = _b.Block(1, _b.GenesisQc);

        Assert.Null(_b.Verifier().CheckQc(_b.Qc(b1, _root, [0, 2, 3])));
    }

    [Fact]
    public void CheckQc_DuplicateSignerPaddingAQuorum_Rejected()
    {
        Block b1 = _b.Block(1, _b.GenesisQc);
        QuorumCertificate two = _b.Qc(b1, _root, [0, 1]);
        var padded = two with { Signatures = [two.Signatures[0], two.Signatures[1], two.Signatures[1]] };

        Assert.Contains("strictly ascending", _b.Verifier().CheckQc(padded), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckQc_TooFewSigners_Rejected()
    {
        Block b1 = _b.Block(1, _b.GenesisQc);

        Assert.Contains("quorum", _b.Verifier().CheckQc(_b.Qc(b1, _root, [0, 1])), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckQc_UnknownSigner_Rejected()
    {
        Block b1 = _b.Block(1, _b.GenesisQc);
        QuorumCertificate qc = _b.Qc(b1, _root, [0, 1, 2]);
        var withStranger = qc with { Signatures = [qc.Signatures[0], qc.Signatures[1], qc.Signatures[2] with { Signer = 7 }] };

        Assert.Contains("not a validator", _b.Verifier().CheckQc(withStranger), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckQc_SignedForAnotherChain_Rejected()
    {
        var other = new ConsensusBuilder(4, "other-chain");
        Block b1 = _b.Block(1, _b.GenesisQc);
        QuorumCertificate foreign = other.Qc(b1, _root);

        Assert.Contains("invalid", _b.Verifier().CheckQc(foreign), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckQc_GenesisWithSignaturesOrOtherRoot_Rejected()
    {
        QuorumCertificate genesis = _b.GenesisQc;
        QuorumCertificate signed = genesis with { Signatures = [new SignerSignature(0, 0, ConsensusBuilder.Key(0).Sign([1]))] };
        QuorumCertificate otherRoot = QuorumCertificate.Genesis(_b.ChainId, _root);

        Assert.Null(_b.Verifier().CheckQc(genesis));
        Assert.NotNull(_b.Verifier().CheckQc(signed));
        Assert.NotNull(_b.Verifier().CheckQc(otherRoot));
    }

    [Fact]
    public void CheckTc_DuplicateOrForgedEntries_Rejected()
    {
        TimeoutCertificate tc = _b.Tc(1, _b.GenesisQc);
        var duplicated = tc with { Signatures = [tc.Signatures[0], tc.Signatures[0], tc.Signatures[1]] };
        var liedAboutQc = tc with { Signatures = [tc.Signatures[0] with { HighQcRound = 0 }, tc.Signatures[1], tc.Signatures[2] with { Signature = tc.Signatures[0].Signature }] };

        Assert.Null(_b.Verifier().CheckTc(tc));
        Assert.NotNull(_b.Verifier().CheckTc(duplicated));
        Assert.NotNull(_b.Verifier().CheckTc(liedAboutQc));
    }

    [Fact]
    public void CheckBlock_ProposerNotLeaderOrParentMismatch_Rejected()
    {
        Block byWrongLeader = _b.Block(1, _b.GenesisQc, proposer: 2);
        Block good = _b.Block(1, _b.GenesisQc);
        Block mismatched = new(_b.ChainId, 1, 2, good.ParentId, good.Justify, good.Payload, good.TimestampMs, good.Proposer, good.Signature);

        Assert.Contains("leader", _b.Verifier().CheckBlock(byWrongLeader, 1024), StringComparison.Ordinal);
        Assert.NotNull(_b.Verifier().CheckBlock(mismatched, 1024));
        Assert.Contains("payload", _b.Verifier().CheckBlock(good, 1), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckQc_SameDataAsAVerifiedQcButForgedSignatures_StillRejected()
    {
        Block b1 = _b.Block(1, _b.GenesisQc);
        QuorumCertificate genuine = _b.Qc(b1, _root);
        var forged = genuine with { Signatures = [.. genuine.Signatures.Select(s => s with { Signature = genuine.Signatures[0].Signature })] };
        var verifier = _b.Verifier();

        Assert.Null(verifier.CheckQc(genuine));
        Assert.NotNull(verifier.CheckQc(forged));
    }
}
