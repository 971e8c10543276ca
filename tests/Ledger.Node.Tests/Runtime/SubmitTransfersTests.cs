using Google.Protobuf;
using Grpc.Core;
using Ledger.Client.Protos;
using Ledger.Crypto;
using Ledger.Crypto.Keys;
using Ledger.Node.Mempool;
using Ledger.Node.Services;
using Ledger.Node.Testnet;
using Ledger.Transactions;

namespace Ledger.Node.Tests.Runtime;

/// <summary>The batch submission call, on an unstarted node (admission needs no event loop).</summary>
public sealed class SubmitTransfersTests
{
    [Fact]
    public async Task SubmitTransfers_MixedBatch_OneVerdictPerItemInRequestOrder()
    {
        await using var node = UnstartedNode.Create();
        var (payer, payee) = Members(node);
        var first = Sign(node, payer, payee.PublicKey);
        var second = Sign(node, payer, payee.PublicKey);
        var forged = Forge(node, payer, payee.PublicKey);
        var api = new ClientApiService(node.Context);

        var answer = await api.SubmitTransfers(Request(first, forged, second, first), null!);

        Assert.Equal(
            [SubmitOutcome.Accepted, SubmitOutcome.Rejected, SubmitOutcome.Accepted, SubmitOutcome.AlreadyPending],
            answer.Results.Select(r => r.Outcome));
        Assert.Equal("BadSignature", answer.Results[1].RejectionCode);
        Assert.Equal(Hash32.Sha256(first), new Hash32(answer.Results[0].TransactionId.Span));
        Assert.Equal(Hash32.Sha256(second), new Hash32(answer.Results[2].TransactionId.Span));
        Assert.True(node.Context.Mempool.Contains(Hash32.Sha256(first)));
        Assert.True(node.Context.Mempool.Contains(Hash32.Sha256(second)));
        Assert.Equal(2, node.Context.Mempool.Count);
    }

    [Fact]
    public async Task SubmitTransfers_MoreThanTheLimit_RefusedWithOutOfRangeCountedAndNothingAdmitted()
    {
        await using var node = UnstartedNode.Create();
        var (payer, payee) = Members(node);
        var limit = node.Context.Limits.SubmitBatchTransfers;
        var transfer = Sign(node, payer, payee.PublicKey);
        var request = Request(Enumerable.Repeat(transfer, limit + 1).ToArray());
        var api = new ClientApiService(node.Context);

        var refused = await Assert.ThrowsAsync<RpcException>(() => api.SubmitTransfers(request, null!));

        Assert.Equal(StatusCode.OutOfRange, refused.StatusCode);
        Assert.Contains("limits.submitBatchTransfers", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(1, node.Context.Metrics.LimitRefusals(Observability.LimitNames.SubmitBatchTransfers));
        Assert.Equal(0, node.Context.Mempool.Count);
    }

    [Fact]
    public async Task SubmitTransfers_AtTheLimit_Admitted()
    {
        await using var node = UnstartedNode.Create();
        var (payer, payee) = Members(node);
        var limit = node.Context.Limits.SubmitBatchTransfers;
        var request = Request(Enumerable.Range(0, limit).Select(_ => Sign(node, payer, payee.PublicKey)).ToArray());

        var answer = await new ClientApiService(node.Context).SubmitTransfers(request, null!);

        Assert.All(answer.Results, r => Assert.Equal(SubmitOutcome.Accepted, r.Outcome));
        Assert.Equal(limit, node.Context.Mempool.Count);
    }

    [Fact]
    public async Task SubmitTransfers_OneItemEmpty_WholeCallRefusedAndNothingAdmitted()
    {
        await using var node = UnstartedNode.Create();
        var (payer, payee) = Members(node);
        var api = new ClientApiService(node.Context);

        var refused = await Assert.ThrowsAsync<RpcException>(() => api.SubmitTransfers(Request(Sign(node, payer, payee.PublicKey), []), null!));

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("transfers[1]", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(0, node.Context.Mempool.Count);
    }

    [Fact]
    public void From_MempoolFullOrSenderQuota_ResourceExhaustedWithTheCode()
    {
        var id = Hash32.Sha256("transfer"u8);

        var full = SubmitAnswers.From(new SubmitVerdict(SubmitStatus.MempoolFull, id, "MempoolFull", "full"));
        var quota = SubmitAnswers.From(new SubmitVerdict(SubmitStatus.SenderQuotaExceeded, id, "SenderQuota", "quota"));
        var rejected = SubmitAnswers.From(new SubmitVerdict(SubmitStatus.Rejected, id, "Replay", "seen"));

        Assert.Equal((SubmitOutcome.ResourceExhausted, "MempoolFull"), (full.Outcome, full.RejectionCode));
        Assert.Equal((SubmitOutcome.ResourceExhausted, "SenderQuota"), (quota.Outcome, quota.RejectionCode));
        Assert.Equal((SubmitOutcome.Rejected, "Replay"), (rejected.Outcome, rejected.RejectionCode));
    }

    private static SubmitTransfersRequest Request(params byte[][] transfers)
    {
        var request = new SubmitTransfersRequest();
        request.Transfers.AddRange(transfers.Select(t => ByteString.CopyFrom(t)));
        return request;
    }

    private static (SigningKey Payer, SigningKey Payee) Members(UnstartedNode node)
    {
        var keys = node.Net.MemberDirectories
            .Take(2)
            .Select(d => KeyFile.ImportSigningKey(File.ReadAllText(Path.Combine(d, PkiLayout.MemberKeyFile))))
            .ToList();
        return (keys[0], keys[1]);
    }

    private static byte[] Sign(UnstartedNode node, SigningKey payer, PublicKey payee) => Signed(node, payer, payee).Encoded.ToArray();

    private static Transfer Signed(UnstartedNode node, SigningKey payer, PublicKey payee) =>
        Transfer.Create(node.ChainId, payer, payee, 1, TransferNonce.Random(), node.Context.Time.GetUtcNow().ToUnixTimeMilliseconds());

    /// <summary>A well-formed transfer carrying another transfer's signature.</summary>
    private static byte[] Forge(UnstartedNode node, SigningKey payer, PublicKey payee)
    {
        var real = Signed(node, payer, payee);
        var other = Signed(node, payer, payee);
        return new Transfer(real.ChainId, real.From, real.To, real.Amount, real.Nonce, real.TimestampMs, other.Signature).Encoded.ToArray();
    }
}
