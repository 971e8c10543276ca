using System.Diagnostics;
using Grpc.Core;
using Ledger.Client.Protos;

namespace Ledger.Cli.Bench;

/// <summary>
/// Follows one validator's commit stream and records, per committed block, its height, its
/// transfer count and when the notice arrived (<see cref="Stopwatch"/> ticks). A stream that ends
/// before <see cref="StopAsync"/> is asked for (the node died or dropped the client) is recorded
/// as <see cref="Failure"/>. <paramref name="committed"/>, when given, hears each notice's
/// transfer count as it arrives (the closed loop's window).
/// </summary>
public sealed class CommitFollower(Action<long>? committed = null)
{
    private readonly Lock _gate = new();
    private readonly List<(ulong Height, uint Transactions, long SeenAt)> _blocks = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _following;
    private long _transactions;
    private long _height;
    private long _lastCommitAt;

    public long Transactions => Interlocked.Read(ref _transactions);

    public ulong Height => (ulong)Interlocked.Read(ref _height);

    /// <summary>Stopwatch ticks of the last notice that carried transfers, or 0.</summary>
    public long LastCommitAt => Interlocked.Read(ref _lastCommitAt);

    public string? Failure { get; private set; }

    public IReadOnlyList<(ulong Height, uint Transactions, long SeenAt)> Blocks
    {
        get
        {
            lock (_gate)
            {
                return [.. _blocks];
            }
        }
    }

    /// <summary>
    /// The longest time between consecutive notices (Stopwatch ticks) from <paramref name="from"/>
    /// until <paramref name="until"/>: a round that outlasts the base round timeout makes
    /// validators time out.
    /// </summary>
    public static TimeSpan LongestGap(IEnumerable<long> seenAt, long from, long until)
    {
        ArgumentNullException.ThrowIfNull(seenAt);
        var longest = TimeSpan.Zero;
        long previous = from;
        foreach (long at in seenAt.Where(t => t > from && t <= until).Order())
        {
            longest = TimeSpan.FromTicks(Math.Max(longest.Ticks, Stopwatch.GetElapsedTime(previous, at).Ticks));
            previous = at;
        }

        return longest;
    }

    public void Start(LedgerClient.LedgerClientClient client, CancellationToken ct)
    {
        var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _stop.Token);
        _following = Task.Run(async () =>
        {
            using (linked)
            {
                await FollowAsync(client, linked.Token).ConfigureAwait(false);
            }
        }, CancellationToken.None);
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_following is not null)
        {
            await _following.ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private async Task FollowAsync(LedgerClient.LedgerClientClient client, CancellationToken ct)
    {
        try
        {
            using var stream = client.StreamCommits(new StreamCommitsRequest(), cancellationToken: ct);
            await foreach (var commit in stream.ResponseStream.ReadAllAsync(ct).ConfigureAwait(false))
            {
                long now = Stopwatch.GetTimestamp();
                lock (_gate)
                {
                    _blocks.Add((commit.Height, commit.Transactions, now));
                }

                if (commit.Transactions > 0)
                {
                    Interlocked.Exchange(ref _lastCommitAt, now);
                }

                Interlocked.Add(ref _transactions, commit.Transactions);
                Interlocked.Exchange(ref _height, (long)commit.Height);
                committed?.Invoke(commit.Transactions);
            }

            Failure = "the commit stream ended";
        }
        catch (Exception ex) when (ex is OperationCanceledException || (ct.IsCancellationRequested && ex is RpcException or IOException))
        {
            // Asked to stop. A cancelled streaming call may end with an RpcException or IOException
            // from the aborted HTTP/2 read rather than with status Cancelled (as in `ledger demo`).
        }
        catch (Exception ex) when (ex is RpcException or IOException)
        {
            Failure = $"the commit stream broke: {ex.Message}";
        }
    }
}
