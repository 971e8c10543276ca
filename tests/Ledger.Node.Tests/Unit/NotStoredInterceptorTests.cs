using Grpc.Core;
using Ledger.Crypto;
using Ledger.Node.Services;
using Ledger.Storage;

namespace Ledger.Node.Tests.Unit;

/// <summary>
/// <see cref="NotStoredInterceptor"/>: a call that reached a block, or a transaction's block, below
/// the store's first stored height is answered FAILED_PRECONDITION with the store's sentence, not
/// as an INTERNAL error.
/// </summary>
public sealed class NotStoredInterceptorTests
{
    [Fact]
    public async Task UnaryServerHandler_TransactionBelowTheFirstStoredHeight_FailedPreconditionNamingItsBlock()
    {
        var id = Hash32.Sha256("committed long ago"u8);
        var refused = await Assert.ThrowsAsync<RpcException>(() => new NotStoredInterceptor().UnaryServerHandler<string, string>(
            "request", null!, (_, _) => throw new TransactionNotStoredException(id, 12, 101)));

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains($"transaction {id.ToShortHex()} was committed in block 12, which is not stored here: this store begins at block 101", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnaryServerHandler_BlockBelowTheFirstStoredHeight_FailedPrecondition()
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() => new NotStoredInterceptor().UnaryServerHandler<string, string>(
            "request", null!, (_, _) => throw new BlockNotStoredException(12, 101)));

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.StartsWith("block 12 is not stored here", refused.Status.Detail, StringComparison.Ordinal);
    }
}
