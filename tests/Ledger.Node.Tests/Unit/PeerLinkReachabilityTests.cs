using Grpc.Core;
using Ledger.Node.Network;
using Ledger.Node.Protos.Replica;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ledger.Node.Tests.Unit;

/// <summary>
/// A link whose sends fail probes the peer with empty gossip batches until it answers, then says
/// the peer is reachable again (the replica re-sends what was lost). Driven by a fake transport;
/// the test waits for the link's events, never for time.
/// </summary>
public sealed class PeerLinkReachabilityTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Reachable_PeerDownThenUp_ProbesWithEmptyGossipAndRaisesOnce()
    {
        var transport = new FakeTransport { Available = false };
        var raised = new List<string>();
        var reachable = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var link = new PeerLink("org2-v1", "127.0.0.1:1", new Replica.ReplicaClient(transport), 16, NullLogger.Instance, _ => { });
        link.Reachable += name =>
        {
            lock (raised)
            {
                raised.Add(name);
            }

            reachable.TrySetResult(name);
        };

        link.Enqueue(new OutboundItem.Consensus(MessageKind.Timeout, [1, 2, 3]));
        await transport.CallsReached(4).WaitAsync(Bound);

        // The timeout was tried (and lost); since then, with nothing queued, only empty probes.
        IReadOnlyList<(string Method, int Transactions)> whileDown = transport.Snapshot();
        Assert.Equal(("Deliver", 0), whileDown[0]);
        Assert.All(whileDown.Skip(1), call => Assert.Equal(("GossipTransactions", 0), call));
        Assert.False(link.Connected);

        transport.Available = true;
        Assert.Equal("org2-v1", await reachable.Task.WaitAsync(Bound));
        Assert.True(link.Connected);

        // Once reachable the link sends only what is queued, and says so only once.
        link.Enqueue(new OutboundItem.Consensus(MessageKind.Vote, [4]));
        await transport.CallFor("Deliver", 2).WaitAsync(Bound);
        Assert.Equal(["org2-v1"], raised);
    }

    [Fact]
    public async Task Reachable_SendsThatNeverFailed_NotRaised()
    {
        var transport = new FakeTransport { Available = true };
        int raised = 0;
        await using var link = new PeerLink("org2-v1", "127.0.0.1:1", new Replica.ReplicaClient(transport), 16, NullLogger.Instance, _ => { });
        link.Reachable += _ => Interlocked.Increment(ref raised);

        link.Enqueue(new OutboundItem.Consensus(MessageKind.Timeout, [1]));
        link.Enqueue(new OutboundItem.Consensus(MessageKind.Vote, [2]));
        await transport.CallFor("Deliver", 2).WaitAsync(Bound);

        Assert.Equal(0, raised);
        Assert.Equal(2, transport.Snapshot().Count);
    }

    /// <summary>Answers the replica service's unary calls, or fails them all with UNAVAILABLE while the peer is "down".</summary>
    private sealed class FakeTransport : CallInvoker
    {
        private readonly List<(string Method, int Transactions)> _calls = [];
        private readonly List<(Func<IReadOnlyList<(string, int)>, bool> Done, TaskCompletionSource Signal)> _waiters = [];

        public volatile bool Available;

        public IReadOnlyList<(string Method, int Transactions)> Snapshot()
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }

        public Task CallsReached(int count) => When(calls => calls.Count >= count);

        public Task CallFor(string method, int count) => When(calls => calls.Count(c => c.Item1 == method) >= count);

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
        {
            bool available = Available;
            Record(method.Name, request is TransactionBatch batch ? batch.Transactions.Count : 0);
            Task<TResponse> response = available
                ? Task.FromResult((TResponse)(object)(method.Name == "Deliver" ? new DeliverAck() : new GossipAck()))
                : Task.FromException<TResponse>(new RpcException(new Status(StatusCode.Unavailable, "peer down")));
            return new AsyncUnaryCall<TResponse>(response, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
        }

        public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
            throw new NotSupportedException();

        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
            throw new NotSupportedException();

        public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
            throw new NotSupportedException();

        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
            throw new NotSupportedException();

        private Task When(Func<IReadOnlyList<(string, int)>, bool> done)
        {
            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_calls)
            {
                if (done(_calls))
                {
                    return Task.CompletedTask;
                }

                _waiters.Add((done, signal));
            }

            return signal.Task;
        }

        private void Record(string method, int transactions)
        {
            lock (_calls)
            {
                _calls.Add((method, transactions));
                foreach (var waiter in _waiters.Where(w => w.Done(_calls)).ToList())
                {
                    _waiters.Remove(waiter);
                    waiter.Signal.TrySetResult();
                }
            }
        }
    }
}
