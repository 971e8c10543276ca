using Google.Protobuf;
using Ledger.Consensus.Codec;
using Ledger.Consensus.Messages;
using Ledger.Crypto;
using Ledger.Execution;
using Ledger.Client.Evidence;
using Ledger.Client.Protos;
using Ledger.Node.Services;
using Ledger.TestKit;

namespace Ledger.Node.Tests.Unit;

/// <summary>
/// A transfer's receipt is proven by the receipts root the block's QC certifies: a node (or a man
/// in the middle) that reports a failed transfer as a success, or a success as a failure, is
/// caught by the wallet's verifier, however consistently it forges the proof.
/// </summary>
public sealed class TransferEvidenceTests : IDisposable
{
    private readonly CertifiedLedger _ledger = new();
    private readonly Transactions.Transfer _paid;
    private readonly Transactions.Transfer _unfunded;

    public TransferEvidenceTests()
    {
        long ts = _ledger.Chain.GenesisTimeMs + 1_000;
        _paid = _ledger.Chain.Transfer(0, 1, 300, ts);
        _unfunded = _ledger.Chain.Transfer(2, 3, 5_000, ts);
        _ledger.Commit(_paid, _unfunded);
        _ledger.Commit(_ledger.Chain.Transfer(1, 2, 10, ts + 1_000));
    }

    private EvidenceVerifier Verifier => new(_ledger.Genesis);

    public void Dispose() => _ledger.Dispose();

    private TransferProof Answer(Transactions.Transfer transfer) => TransferProofs.From(_ledger.Engine.FindTransaction(transfer.Id)!);

    [Fact]
    public void VerifyTransfer_HonestAnswers_ProveEachOutcomeWithoutTheBlock()
    {
        TransferProof paid = Answer(_paid);
        TransferProof unfunded = Answer(_unfunded);

        Assert.False(CommitCertificate.Decode(paid.Evidence.Certificate.Span).HasBlock);
        VerifiedTransfer success = Verifier.VerifyTransfer(paid, _paid.Id);
        VerifiedTransfer failure = Verifier.VerifyTransfer(unfunded, _unfunded.Id);
        Assert.Equal((ReceiptStatus.Success, 1UL, true), (success.Status, success.Height, success.Succeeded));
        Assert.Equal((ReceiptStatus.InsufficientFunds, 1UL, false), (failure.Status, failure.Height, failure.Succeeded));
        Assert.Equal(_ledger.Chain.GenesisTimeMs + 1_000, success.BlockTimestampMs);
    }

    [Fact]
    public void VerifyTransfer_FailureReportedAsSuccess_Throws()
    {
        TransferProof lie = Answer(_unfunded);
        lie.ReceiptStatus = "Success";

        var e = Assert.Throws<EvidenceException>(() => Verifier.VerifyTransfer(lie, _unfunded.Id));
        Assert.Contains("the node said receipt Success but its proof shows InsufficientFunds", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ReceiptStatus.Success, "InsufficientFunds")]
    [InlineData(ReceiptStatus.InsufficientFunds, "Success")]
    public void VerifyTransfer_ProofStatusRewritten_Throws(ReceiptStatus claimed, string truth)
    {
        Transactions.Transfer transfer = truth == "Success" ? _paid : _unfunded;
        TransferProof lie = Answer(transfer);
        TransactionProof proof = TransactionProof.FromBytes(lie.Proof.Span);
        lie.Proof = ByteString.CopyFrom((proof with { Receipt = proof.Receipt with { Status = claimed } }).ToBytes());
        lie.ReceiptStatus = claimed.ToString();

        var e = Assert.Throws<EvidenceException>(() => Verifier.VerifyTransfer(lie, transfer.Id));
        Assert.Contains($"receipt ({claimed}) of transaction {transfer.Id.ToShortHex()} is not leaf", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyTransfer_ReceiptsTreeForgedConsistently_Throws()
    {
        // The liar builds its own receipts tree in which the transfer succeeded, with a header
        // naming that tree: every path checks out against the forged header, which no QC signed.
        TransferProof lie = Answer(_unfunded);
        TransactionProof proof = TransactionProof.FromBytes(lie.Proof.Span);
        Receipt[] forged = [new Receipt(_paid.Id, ReceiptStatus.Success), new Receipt(_unfunded.Id, ReceiptStatus.Success)];
        TransactionProof consistent = proof with
        {
            Receipt = forged[1],
            ReceiptAuditPath = ReceiptRoots.InclusionProof(forged, 1),
            Header = proof.Header with { ReceiptsRoot = ReceiptRoots.Root(forged) },
        };
        Assert.True(consistent.Verify(consistent.Header.Root));
        lie.Proof = ByteString.CopyFrom(consistent.ToBytes());
        lie.ReceiptStatus = "Success";

        var e = Assert.Throws<EvidenceException>(() => Verifier.VerifyTransfer(lie, _unfunded.Id));
        Assert.Contains("does not hash to the certified state root", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyTransfer_AnotherTransactionsProof_Throws()
    {
        TransferProof other = Answer(_paid);

        Assert.Throws<EvidenceException>(() => Verifier.VerifyTransfer(other, _unfunded.Id));
        other.Transaction = ByteString.CopyFrom(_unfunded.Encoded);
        var e = Assert.Throws<EvidenceException>(() => Verifier.VerifyTransfer(other, _unfunded.Id));
        Assert.Contains("with the receipt of", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyTransfer_EvidenceOfAnotherBlock_Throws()
    {
        // Block 2's certificate is genuine, but it certifies another state root than block 1's proof reaches.
        TransferProof lie = Answer(_unfunded);
        lie.Evidence = TransferProofs.From(FindAtHeight(2)).Evidence;

        Assert.Throws<EvidenceException>(() => Verifier.VerifyTransfer(lie, _unfunded.Id));
        lie.Height = 2;
        var e = Assert.Throws<EvidenceException>(() => Verifier.VerifyTransfer(lie, _unfunded.Id));
        Assert.Contains("the transaction proof is for height 1, the evidence certifies height 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyTransfer_MalformedProof_Throws()
    {
        TransferProof lie = Answer(_paid);
        lie.Proof = ByteString.CopyFrom(lie.Proof.Span[..^1]);

        var e = Assert.Throws<EvidenceException>(() => Verifier.VerifyTransfer(lie, _paid.Id));
        Assert.Contains("malformed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyTransfer_QcSignerClocksFarFromTheHeaderTime_Throws()
    {
        // The block's QC re-signed by a quorum of the genesis validators: with clocks near the
        // certified header's timestamp it is accepted (the signatures are genuine), with clocks an
        // hour later (which no honest voter signs) the header's time is refused though no block is sent.
        TransferProof honest = Answer(_paid);
        long timestamp = Verifier.VerifyTransfer(honest, _paid.Id).BlockTimestampMs;

        Assert.Equal(ReceiptStatus.Success, Verifier.VerifyTransfer(ResignedAt(honest, timestamp + 10), _paid.Id).Status);
        var e = Assert.Throws<EvidenceException>(() => Verifier.VerifyTransfer(ResignedAt(honest, timestamp + 3_600_000), _paid.Id));
        Assert.Contains("the certified state header of block 1 has timestamp", e.Message, StringComparison.Ordinal);
        Assert.Contains("outside", e.Message, StringComparison.Ordinal);
    }

    /// <summary>The answer with its block's QC signed again by validators 0..2, each clock reading <paramref name="clockMs"/>.</summary>
    private TransferProof ResignedAt(TransferProof answer, long clockMs)
    {
        var certificate = CommitCertificate.Decode(answer.Evidence.Certificate.Span);
        IReadOnlyList<QuorumCertificate> chain = certificate.DecodeChain();
        byte[] message = chain[0].Data.SigningBytes(_ledger.Genesis.ChainId, clockMs);
        var qc = new QuorumCertificate(chain[0].Data, [.. Enumerable.Range(0, 3).Select(i => new SignerSignature(i, clockMs, ConsensusBuilder.Key(i).Sign(message)))]);
        TransferProof resigned = answer.Clone();
        resigned.Evidence.Certificate = ByteString.CopyFrom((certificate with { QcChain = [ConsensusCodec.Encode(qc), .. certificate.QcChain.Skip(1)] }).Encode());
        return resigned;
    }

    private CommittedTransaction FindAtHeight(ulong height)
    {
        Hash32 id = Receipt.DecodeAll(_ledger.Engine.GetBlock(height)!.Receipts)[0].TransactionId;
        return _ledger.Engine.FindTransaction(id)!;
    }
}
