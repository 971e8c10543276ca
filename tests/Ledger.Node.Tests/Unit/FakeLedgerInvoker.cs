using Google.Protobuf;
using Grpc.Core;
using Ledger.Client.Protos;
using Ledger.Node.Services;

namespace Ledger.Node.Tests.Unit;

/// <summary>
/// A client API answered in memory from a <see cref="CertifiedLedger"/>: GetBlock (with the
/// block), GetTransfer, GetAccount, GetAccountHistory (<see cref="HistoryScanBlocks"/> blocks a
/// call) and a StreamCommits that sends the given notices then ends. Tests make it lie through
/// <see cref="BlockFor"/> and hide history entries through <see cref="HideFromHistory"/>.
/// </summary>
internal sealed class FakeLedgerInvoker(CertifiedLedger ledger, IReadOnlyList<ulong> noticeHeights) : CallInvoker
{
    /// <summary>Which stored block answers GetBlock(height); the honest one by default.</summary>
    public Func<ulong, ulong> BlockFor { get; init; } = height => height;

    public List<ulong> BlocksAsked { get; } = [];

    /// <summary>Blocks one GetAccountHistory call scans (the node's limits.historyScanBlocks).</summary>
    public int HistoryScanBlocks { get; init; } = 1_000;

    /// <summary>A lying node: history entries it leaves out.</summary>
    public Func<Crypto.Hash32, bool> HideFromHistory { get; init; } = _ => false;

    public int HistoryCalls { get; private set; }

    /// <summary>How many StreamCommits calls fail UNAVAILABLE (a node down) before streams answer.</summary>
    public int FailStreams { get; set; }

    public int StreamCalls { get; private set; }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException();

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        object answer = request switch
        {
            GetBlockRequest block => Block(block.Height),
            GetTransferRequest transfer => Transfer(transfer),
            GetAccountRequest account => Account(account),
            GetAccountHistoryRequest history => History(history),
            _ => throw new NotSupportedException(method.FullName),
        };
        return new AsyncUnaryCall<TResponse>(Task.FromResult((TResponse)answer), Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        var notices = noticeHeights.Select(h => (TResponse)(object)new CommitNotice { Height = h }).ToList();
        var down = ++StreamCalls <= FailStreams;
        return new AsyncServerStreamingCall<TResponse>(new Reader<TResponse>(notices, down), Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
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

    private GetAccountResponse Account(GetAccountRequest request)
    {
        var view = ledger.Engine.Committed;
        var proof = view.State.ProveAccount(new Crypto.PublicKey(request.PublicKey.Span));
        var block = ledger.Engine.GetBlock(view.Height)!;
        return new GetAccountResponse
        {
            Exists = proof.Account is not null,
            Balance = proof.Balance,
            StateProof = ByteString.CopyFrom(proof.ToBytes()),
            Evidence = new CommitEvidence { Height = view.Height, Certificate = ByteString.CopyFrom(Client.Evidence.CommitCertificate.Decode(block.Certificate).WithoutBlock().Encode()) },
        };
    }

    private GetAccountHistoryResponse History(GetAccountHistoryRequest request)
    {
        HistoryCalls++;
        var page = new AccountHistory(ledger.Engine, new Ledger.Node.Runtime.LedgerStoreGate(), HistoryScanBlocks, 1L << 30)
            .Read(new Crypto.PublicKey(request.PublicKey.Span), request.BeforeHeight, request.BeforeIndex, request.Limit == 0 ? 100 : (int)request.Limit);
        var response = new GetAccountHistoryResponse { NextBeforeHeight = page.NextBeforeHeight, NextBeforeIndex = page.NextBeforeIndex, ScannedFromHeight = page.ScannedFromHeight };
        response.Entries.AddRange(page.Entries.Where(e => !HideFromHistory(e.Transaction.Id)).Select(TransferProofs.From));
        return response;
    }

    private GetTransferResponse Transfer(GetTransferRequest request)
    {
        var committed = ledger.Engine.FindTransaction(new Crypto.Hash32(request.TransactionId.Span));
        return committed is null
            ? new GetTransferResponse { State = TransferState.Unknown }
            : new GetTransferResponse { State = TransferState.Committed, Committed = TransferProofs.From(committed) };
    }

    private sealed class Reader<T>(IReadOnlyList<T> items, bool down) : IAsyncStreamReader<T>
    {
        private int _next = -1;

        public T Current => items[_next];

        public Task<bool> MoveNext(CancellationToken cancellationToken) => down
            ? Task.FromException<bool>(new RpcException(new Status(StatusCode.Unavailable, "connection refused")))
            : Task.FromResult(++_next < items.Count);
    }
}
