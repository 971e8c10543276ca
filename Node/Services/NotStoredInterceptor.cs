using Grpc.Core;
using Grpc.Core.Interceptors;
using Ledger.Storage;

namespace Ledger.Node.Services;

/// <summary>
/// Answers any call that reached a block below the store's first stored height (a store installed
/// from a snapshot, or pruned) with FAILED_PRECONDITION and the store's sentence ("block 12 is not
/// stored here: this store begins at block 101 ...", or for a transaction committed there
/// "transaction ab12cd34 was committed in block 12, which is not stored here ..."), on the client
/// and the peer endpoint alike, rather than an INTERNAL error or an answer that pretends the block
/// or transaction does not exist.
/// </summary>
public sealed class NotStoredInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (BlockNotStoredException e)
        {
            throw Refusal(e);
        }
        catch (TransactionNotStoredException e)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, e.Message));
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
        }
        catch (BlockNotStoredException e)
        {
            throw Refusal(e);
        }
        catch (TransactionNotStoredException e)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, e.Message));
        }
    }

    public static RpcException Refusal(BlockNotStoredException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new RpcException(new Status(StatusCode.FailedPrecondition, e.Message));
    }
}
