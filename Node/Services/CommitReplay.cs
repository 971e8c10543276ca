using Grpc.Core;
using Ledger.Client.Protos;
using Ledger.Node.Runtime;

namespace Ledger.Node.Services;

/// <summary>
/// The stored part of one commit stream: notices for committed heights read from the ledger,
/// counted against <c>limits.commitReplayBlocks</c>. <see cref="Sent"/> is the last height the
/// client has (a stream that follows "from now" starts at the head).
/// </summary>
internal sealed class CommitReplay(NodeContext node, ulong fromHeight, IServerStreamWriter<CommitNotice> stream, CancellationToken ct)
{
    private int _replayed;

    public ulong Sent { get; set; } = fromHeight == 0 ? node.Ledger.Committed.Height : fromHeight - 1;

    /// <summary>Sends every stored commit above <see cref="Sent"/> up to the head as it is when each is read.</summary>
    public Task ToHeadAsync() => UpToAsync(ulong.MaxValue);

    /// <summary>Sends the stored commits above <see cref="Sent"/> up to <paramref name="height"/> (or the head).</summary>
    public async Task UpToAsync(ulong height)
    {
        while (Sent < height && Sent < node.Ledger.Committed.Height)
        {
            if (_replayed >= node.Limits.CommitReplayBlocks)
            {
                throw new LimitReachedException();
            }

            var next = Sent + 1;
            var block = node.Store.Run(() => node.Ledger.GetBlock(next))
                ?? throw new InvalidOperationException($"committed block {next} is missing from the store");
            var notice = new CommitNotification(block.Height, block.BlockId, block.StateRoot, block.TransactionCount, block.TimestampMs);
            await stream.WriteAsync(ClientApiService.Notice(notice), ct).ConfigureAwait(false);
            Sent = next;
            _replayed++;
        }
    }

    /// <summary>The call replayed as many stored commits as it may.</summary>
    public sealed class LimitReachedException : Exception
    {
        public LimitReachedException()
            : base("the commit replay limit was reached")
        {
        }

        public LimitReachedException(string message)
            : base(message)
        {
        }

        public LimitReachedException(string message, Exception inner)
            : base(message, inner)
        {
        }
    }
}
