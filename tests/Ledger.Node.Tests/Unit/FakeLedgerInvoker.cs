using Google.Protobuf;
using Grpc.Core;
using Ledger.Client.Protos;
using Ledger.Node.Services;

namespace Ledger.Node.Tests.Unit;

/// <summary>
/// A client API answered in memory from a <see cref="CertifiedLedger"/>: GetBlock (with the
/// block), GetTransfer and a StreamCommits that sends the given notices then ends. Tests make it
/// lie through <see cref="BlockFor"/>.
/// </summary>
internal sealed class FakeLedgerInvoker(CertifiedLedger ledger, IReadOnlyList<ulong> noticeHeights) : CallInvoker
{
    /// <summary>Which stored block answers GetBlock(height); the honest one by default.</summary>
    public Func<ulong, ulong> BlockFor { get; init; } = height => height;

    public List<ulong> BlocksAsked { get; } = [];

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException();

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        object answer = request switch
        {
            GetBlockRequest block => Block(block.Height),
            GetTransferRequest transfer => Transfer(transfer),
            _ => throw new NotSupportedException(method.FullName),
        };
        return new AsyncUnaryCall<TResponse>(Task.FromResult((TResponse)answer), Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        var notices = noticeHeights.Select(h => (TResponse)(object)new CommitNotice { Height = h }).ToList();
        return new AsyncServerStreamingCall<TResponse>(new Reader<TResponse>(notices), Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
    }

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException();

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException();

    private GetBlockResponse Block(ulong height)
    {
        BlocksAsked.Add(height);
        var stored = ledger.Engine.GetBlock(BlockFor(height));
        return stored is null
            ? new GetBlockResponse { Found = false }
            : new GetBlockResponse { Found = true, Evidence = new CommitEvidence { Height = height, Certificate = ByteString.CopyFrom(stored.Certificate) } };
    }

    private GetTransferResponse Transfer(GetTransferRequest request)
    {
        var committed = ledger.Engine.FindTransaction(new Crypto.Hash32(request.TransactionId.Span));
        return committed is null
            ? new GetTransferResponse { State = TransferState.Unknown }
            : new GetTransferResponse { State = TransferState.Committed, Committed = TransferProofs.From(committed) };
    }

    private sealed class Reader<T>(IReadOnlyList<T> items) : IAsyncStreamReader<T>
    {
        private int _next = -1;

        public T Current => items[_next];

        public Task<bool> MoveNext(CancellationToken cancellationToken) => Task.FromResult(++_next < items.Count);
    }
}
