using Ledger.Consensus.Core;
using Ledger.Consensus.Messages;
using Ledger.Consensus.Sync;

namespace Ledger.Node.Runtime;

/// <summary>
/// A validator set of one asks itself for blocks. The core restores its round and high QC from the
/// safety record after a restart, but the blocks above the committed root that the high QC names
/// come back only through sync; with other validators one of them answers, but a lone validator's
/// core can only name itself (it never picks itself while others exist), and the peer network has
/// no link to it, so a restarted single-validator network timed out every round forever. Its own
/// pending-block log holds those blocks: the reply is built from it exactly as a peer's sync server
/// would build one, and the core checks its QC chain like any other reply.
/// </summary>
public sealed partial class ReplicaLoop
{
    // The reply never crosses a wire, so these bound only what one reply holds in memory: the
    // defaults a node serves peers with (limits.syncMaxBlocks, limits.syncMaxReplyBytes).
    private const int OwnSyncMaxBlocks = 64;
    private const long OwnSyncMaxReplyBytes = 32L * 1024 * 1024;

    private bool IsOwnSync(RequestBlocks request) => request.Peer == _core.Self;

    private void StartOwnSync(RequestBlocks request)
    {
        _ = Task.Run(async () =>
        {
            try
            {
                SyncRequest asked = request.Request;
                UncommittedPath path = Committed.Contains(asked.TargetBlockId)
                    ? UncommittedPath.None
                    : await FindUncommittedPathAsync(asked, CancellationToken.None).ConfigureAwait(false);
                SyncResponse response = SyncResponder.Respond(asked, new SyncReplySource(path, Committed, asked.TargetBlockId), OwnSyncMaxBlocks, OwnSyncMaxReplyBytes);
                await PostAsync(new SyncResponseReceived(request.Peer, response), CancellationToken.None).ConfigureAwait(false);
            }
            catch (System.Threading.Channels.ChannelClosedException)
            {
                // The loop stopped meanwhile.
            }
            finally
            {
                _parts.Mode.OnSyncFinished(_parts.Time.GetUtcNow());
            }
        });
    }
}
