using System.Runtime.CompilerServices;
using Grpc.Core;
using Ledger.Client.Evidence;
using Ledger.Crypto;

namespace Ledger.Client.Nodes;

/// <summary>
/// <see cref="AccountWatch"/> over several nodes that survives them failing: a node that fails or
/// answers something unverifiable is recorded (<see cref="Failures"/>) and the next is followed
/// from the same block; once every node has failed in a row the watch waits as
/// <see cref="WatchBackoff"/> says before the next round (so a single node is retried with
/// bounded exponential backoff), and gives up with <see cref="NoNodeAnsweredException"/> when no
/// block was verified for <see cref="WatchBackoff.GiveUpAfter"/>. Each retry is announced
/// (<c>onRetry</c>) before its wait.
/// </summary>
public sealed class ReconnectingWatch(LedgerNodes nodes, PublicKey account, WatchPosition position, WatchBackoff backoff, TimeProvider time, TimeSpan callDeadline)
{
    private readonly WatchBackoff _backoff = (backoff ?? throw new ArgumentNullException(nameof(backoff))).Validate();
    private readonly List<NodeFailure> _failures = [];

    /// <summary>How the watch waits between rounds; the clock's delay unless a test steps time itself.</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = (delay, ct) => Task.Delay(delay, time, ct);

    public IReadOnlyList<NodeFailure> Failures => _failures;

    /// <summary>The account's verified transfers and the node that proved each, until <paramref name="ct"/> stops it or the watch gives up.</summary>
    public async IAsyncEnumerable<(VerifiedTransfer Transfer, string Node)> FollowAsync(Action<WatchRetry> onRetry, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(onRetry);
        ArgumentNullException.ThrowIfNull(nodes);
        var node = 0;
        var failedInARow = 0;
        var rounds = 0;
        var lastProgress = time.GetTimestamp();
        var verified = position.LastVerifiedHeight;
        while (true)
        {
            var stream = AccountWatch.FollowAsync(nodes.Client(node), nodes.Verifier, account, position, callDeadline, ct).GetAsyncEnumerator(ct);
            NodeFailure? failure = null;
            try
            {
                while (true)
                {
                    VerifiedTransfer transfer;
                    try
                    {
                        if (!await stream.MoveNextAsync().ConfigureAwait(false))
                        {
                            // The stream ended without an error: follow on, the same node first.
                            break;
                        }

                        transfer = stream.Current;
                    }
                    catch (RpcException ex) when (AccountWatch.IsResumable(ex) && !ct.IsCancellationRequested)
                    {
                        break;
                    }
                    catch (Exception ex) when (ex is RpcException or EvidenceException or HttpRequestException && !ct.IsCancellationRequested)
                    {
                        failure = nodes.Explain(ex switch
                        {
                            EvidenceException e => new NodeFailure(nodes.Name(node), NodeFailureKind.FailedVerification, $"NOT VERIFIED: {e.Message}"),
                            RpcException r => LedgerNodes.Classify(nodes.Name(node), r),
                            _ => new NodeFailure(nodes.Name(node), NodeFailureKind.Unreachable, ex.Message),
                        });
                        break;
                    }
                    finally
                    {
                        if (position.LastVerifiedHeight != verified)
                        {
                            // A block verified: the nodes are answering again.
                            (verified, failedInARow, rounds, lastProgress) = (position.LastVerifiedHeight, 0, 0, time.GetTimestamp());
                        }
                    }

                    yield return (transfer, nodes.Name(node));
                }
            }
            finally
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }

            if (failure is null)
            {
                continue;
            }

            _failures.Add(failure);
            if (time.GetElapsedTime(lastProgress) >= _backoff.GiveUpAfter)
            {
                throw new NoNodeAnsweredException(_failures);
            }

            failedInARow++;
            node = (node + 1) % nodes.Count;
            var delay = failedInARow % nodes.Count == 0 ? _backoff.DelayBefore(++rounds) : TimeSpan.Zero;
            onRetry(new WatchRetry(failure, nodes.Name(node), delay, failedInARow));
            if (delay > TimeSpan.Zero)
            {
                await Delay(delay, ct).ConfigureAwait(false);
            }
        }
    }
}
