using Grpc.Core;

namespace Ledger.Node.Tests.Unit;

/// <summary>
/// A gRPC call invoker that answers every unary call at once with an empty response, accepts every
/// Link call, and counts the calls and the messages written on links (keeping none of them), so a
/// peer link's pump can run without a network.
/// </summary>
internal sealed class RecordingCallInvoker : CallInvoker
{
    public SemaphoreSlim Calls { get; } = new(0);

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        Calls.Release();
        return new AsyncUnaryCall<TResponse>(
            Task.FromResult(Activator.CreateInstance<TResponse>()),
            Task.FromResult(new Metadata()),
            () => Status.DefaultSuccess,
            () => [],
            () => { });
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException();

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException();

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options)
    {
        var response = new TaskCompletionSource<TResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        return new AsyncClientStreamingCall<TRequest, TResponse>(
            new CountingWriter<TRequest>(Calls, () => response.TrySetResult(Activator.CreateInstance<TResponse>())),
            response.Task,
            Task.FromResult(new Metadata { { Network.PeerLink.AcceptedHeader, Network.PeerLink.AcceptedValue } }),
            () => Status.DefaultSuccess,
            () => [],
            () => response.TrySetCanceled());
    }

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException();

    private sealed class CountingWriter<T>(SemaphoreSlim calls, Action complete) : IClientStreamWriter<T>
    {
        public WriteOptions? WriteOptions { get; set; }

        public Task WriteAsync(T message) => WriteAsync(message, CancellationToken.None);

        public Task WriteAsync(T message, CancellationToken cancellationToken)
        {
            calls.Release();
            return Task.CompletedTask;
        }

        public Task CompleteAsync()
        {
            complete();
            return Task.CompletedTask;
        }
    }
}
