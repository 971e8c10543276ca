using Grpc.Core;
using Ledger.Node.Network;
using Ledger.Node.Protos.Replica;

namespace Ledger.Node.Tests.Unit;

/// <summary>
/// A peer for <see cref="PeerLink"/> without a network: it answers the replica service's Link calls
/// (accepting them, refusing them with a status, or failing them as UNAVAILABLE while "down"),
/// records every message written with the number of the call it came on, can hold writes until
/// released (so a test can queue behind a message in flight), and can end every open call, as a
/// restarting peer does. Tests wait on its records, never on time.
/// </summary>
internal sealed class FakeLinkTransport : CallInvoker
{
    private readonly List<(int Call, PeerMessage Message)> _written = [];
    private readonly List<FakeCall> _open = [];
    private readonly List<(Func<FakeLinkTransport, bool> Done, TaskCompletionSource Signal)> _waiters = [];
    private TaskCompletionSource _writes = Released();
    private int _calls;
    private int _attempts;

    /// <summary>False: every new call fails with UNAVAILABLE (the peer is down).</summary>
    public volatile bool Available = true;

    /// <summary>Set: every new call is refused with this status before it starts (as an unauthenticated caller is).</summary>
    public Status? Refusal { get; set; }

    /// <summary>Calls attempted, whether they were accepted or not.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>Calls the fake peer accepted.</summary>
    public int Accepted => Volatile.Read(ref _calls);

    public IReadOnlyList<(int Call, PeerMessage Message)> Written()
    {
        lock (_written)
        {
            return [.. _written];
        }
    }

    /// <summary>Writes wait until <see cref="ReleaseWrites"/>.</summary>
    public void HoldWrites() => _writes = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ReleaseWrites() => _writes.TrySetResult();

    /// <summary>Ends every open call as a peer that stops does: the client learns when it next writes or looks.</summary>
    public void EndOpenCalls()
    {
        List<FakeCall> open;
        lock (_written)
        {
            open = [.. _open];
            _open.Clear();
        }

        foreach (var call in open)
        {
            call.End(new RpcException(new Status(StatusCode.Unavailable, "peer restarted")));
        }
    }

    public Task WrittenReached(int count) => When(t => t.Written().Count >= count);

    public Task AttemptsReached(int count) => When(t => t.Attempts >= count);

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options)
    {
        Assert.Equal("Link", method.Name);
        Interlocked.Increment(ref _attempts);
        FakeCall call;
        Task<Metadata> headers;
        if (!Available)
        {
            call = new FakeCall(this, 0);
            call.End(new RpcException(new Status(StatusCode.Unavailable, "peer down")));
            headers = Task.FromException<Metadata>(new RpcException(new Status(StatusCode.Unavailable, "peer down")));
        }
        else if (Refusal is { } refusal)
        {
            // Refused before the handler wrote its headers: trailers only, without the accepted header.
            call = new FakeCall(this, 0);
            call.End(new RpcException(refusal));
            headers = Task.FromResult(new Metadata());
        }
        else
        {
            call = new FakeCall(this, Interlocked.Increment(ref _calls));
            lock (_written)
            {
                _open.Add(call);
            }

            headers = Task.FromResult(new Metadata { { PeerLink.AcceptedHeader, PeerLink.AcceptedValue } });
        }

        Signal();
        return new AsyncClientStreamingCall<TRequest, TResponse>(
            (IClientStreamWriter<TRequest>)(object)call,
            CastAsync<TResponse>(call.Response.Task),
            headers,
            () => Status.DefaultSuccess,
            () => [],
            () => call.End(new RpcException(Status.DefaultCancelled)));
    }

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException($"the link sends on Link only, not {method.Name}");

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException();

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException();

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException();

    private static TaskCompletionSource Released()
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        released.SetResult();
        return released;
    }

    private static async Task<TResponse> CastAsync<TResponse>(Task<LinkClosed> response) => (TResponse)(object)await response.ConfigureAwait(false);

    private Task When(Func<FakeLinkTransport, bool> done)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            if (done(this))
            {
                return Task.CompletedTask;
            }

            _waiters.Add((done, signal));
        }

        return signal.Task;
    }

    private void Signal()
    {
        lock (_waiters)
        {
            foreach (var waiter in _waiters.Where(w => w.Done(this)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Signal.TrySetResult();
            }
        }
    }

    private sealed class FakeCall(FakeLinkTransport transport, int number) : IClientStreamWriter<PeerMessage>
    {
        private int _received;

        public TaskCompletionSource<LinkClosed> Response { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public WriteOptions? WriteOptions { get; set; }

        public void End(RpcException status) => Response.TrySetException(status);

        public Task WriteAsync(PeerMessage message) => WriteAsync(message, CancellationToken.None);

        public async Task WriteAsync(PeerMessage message, CancellationToken cancellationToken)
        {
            await transport._writes.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (Response.Task.IsCompleted)
            {
                // The call ended (the peer restarted): the write fails with the call's status.
                await Response.Task.ConfigureAwait(false);
                throw new InvalidOperationException("the call completed without an error");
            }

            lock (transport._written)
            {
                transport._written.Add((number, message));
            }

            _received++;
            transport.Signal();
        }

        public Task CompleteAsync()
        {
            Response.TrySetResult(new LinkClosed { Received = (ulong)_received });
            return Task.CompletedTask;
        }
    }
}
