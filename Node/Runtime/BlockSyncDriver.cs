using Microsoft.Extensions.Logging;

namespace Ledger.Node.Runtime;

/// <summary>
/// Pulls committed blocks from peers when this node stops seeing commits of its own (after a
/// restart, a partition, or simply being slow). It asks the peers in turn from the local height
/// on and posts what it gets to the event loop, which verifies each block's evidence before
/// applying it. While a batch comes back full it asks again at once.
/// </summary>
public sealed partial class BlockSyncDriver(ReplicaLoop loop, IPeerTransport peers, TimeProvider time, TimeSpan idleBeforeSync, int batchSize, ILogger logger)
{
    private int _nextPeer;

    public async Task RunAsync(CancellationToken ct)
    {
        var lastHeight = ulong.MaxValue;
        var lastProgress = time.GetUtcNow() - idleBeforeSync;
        using var ticker = new PeriodicTimer(TimeSpan.FromMilliseconds(250), time);
        while (await ticker.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            var height = loop.Tip.Height;
            var now = time.GetUtcNow();
            if (height != lastHeight)
            {
                lastHeight = height;
                lastProgress = now;
                continue;
            }

            if (now - lastProgress < idleBeforeSync || peers.PeerNames.Count == 0)
            {
                continue;
            }

            await SyncRoundAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>One pass: ask one peer, and keep asking while it returns full batches.</summary>
    public async Task<int> SyncRoundAsync(CancellationToken ct)
    {
        var peer = peers.PeerNames[_nextPeer++ % peers.PeerNames.Count];
        var fetched = 0;
        while (!ct.IsCancellationRequested)
        {
            CommittedBatch batch;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                batch = await peers.FetchCommittedAsync(peer, loop.Tip.Height + 1, batchSize, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is Grpc.Core.RpcException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                LogPeerFailed(logger, peer, ex.Message);
                return fetched;
            }

            if (batch.Blocks.Count == 0)
            {
                return fetched;
            }

            var before = loop.Tip.Height;
            await loop.PostAsync(new ReplicaEvent.CommittedBlocksFetched(peer, batch.Blocks, batch.PeerCommittedHeight, time.GetUtcNow()), ct).ConfigureAwait(false);
            fetched += batch.Blocks.Count;
            LogFetched(logger, batch.Blocks.Count, peer, before + 1, batch.PeerCommittedHeight);
            if (batch.Blocks.Count < batchSize)
            {
                return fetched;
            }

            // Let the loop apply the batch before asking from the new height.
            await loop.QueryAsync(_ => 0, ct).ConfigureAwait(false);
            if (loop.Tip.Height == before)
            {
                return fetched;
            }
        }

        return fetched;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Block sync: {Count} blocks from {Peer} starting at height {From}; peer has committed {PeerHeight}")]
    private static partial void LogFetched(ILogger logger, int count, string peer, ulong from, ulong peerHeight);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Block sync from {Peer} failed: {Error}")]
    private static partial void LogPeerFailed(ILogger logger, string peer, string error);
}
