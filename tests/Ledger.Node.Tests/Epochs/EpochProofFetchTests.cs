using Google.Protobuf;
using Ledger.Client.Evidence;
using Ledger.Client.Nodes;
using Ledger.Client.Protos;

namespace Ledger.Node.Tests.Epochs;

/// <summary>A wallet meeting evidence of an epoch it has not proven: it proves the epoch from the node's proofs, or leaves the evidence unverified.</summary>
public sealed class EpochProofFetchTests : IDisposable
{
    private readonly CertifiedEpochLedger _ledger = new();

    public EpochProofFetchTests()
    {
        _ledger.Commit();
        _ledger.AddOrganisation("org5", 4);
        _ledger.Commit();
        _ledger.AddOrganisation("org6", 5);
        _ledger.Commit();
    }

    public void Dispose() => _ledger.Dispose();

    private CommitEvidence Head => new() { Height = _ledger.Engine.Committed.Height, Certificate = ByteString.CopyFrom(_ledger.LastCertificate) };

    private Task<CertifiedBlock> VerifyAsync(EpochProofInvoker invoker, EvidenceVerifier verifier) =>
        EpochProofFetch.VerifyAsync(new LedgerClient.LedgerClientClient(invoker), verifier, () => verifier.VerifyCommitted(Head), TimeSpan.FromSeconds(10), CancellationToken.None);

    [Fact]
    public async Task VerifyAsync_EvidenceOfEpochTwo_ProvesEpochsOneAndTwoFromTheNodeThenVerifies()
    {
        var invoker = new EpochProofInvoker(_ledger);
        var verifier = new EvidenceVerifier(_ledger.Genesis);

        CertifiedBlock certified = await VerifyAsync(invoker, verifier);

        Assert.Equal(5UL, certified.Height);
        Assert.Equal(2UL, verifier.Epochs.Highest);
        Assert.Equal(2, invoker.Calls);
    }

    [Fact]
    public async Task VerifyAsync_NodeSendsAForgedRoster_RefusesWithTheReasonAndProvesNothing()
    {
        var invoker = new EpochProofInvoker(_ledger) { Tamper = p => p.Epoch == 1 ? p with { Roster = EpochProofChain.Roster1.Encoded } : p };
        var verifier = new EvidenceVerifier(_ledger.Genesis);

        var e = await Assert.ThrowsAsync<EpochProofException>(() => VerifyAsync(invoker, verifier));

        Assert.Equal(EpochProofFault.RosterMismatch, e.Fault);
        Assert.Equal(0UL, verifier.Epochs.Highest);
    }

    [Fact]
    public async Task VerifyAsync_ProvenOnce_AsksNoMoreProofs()
    {
        var invoker = new EpochProofInvoker(_ledger);
        var verifier = new EvidenceVerifier(_ledger.Genesis);
        await VerifyAsync(invoker, verifier);

        await VerifyAsync(invoker, verifier);

        Assert.Equal(2, invoker.Calls);
    }
}
