using Google.Protobuf;
using Grpc.Core;
using Ledger.Client.Nodes;
using Ledger.Client.Protos;
using Ledger.Crypto;
using Ledger.Transactions;

namespace Ledger.Chaos.Workload;

/// <summary>
/// Fills blocks: signs small transfers as fast as the nodes take them (random nonces, no
/// journal: these are load, not payments anyone waits for) and submits each once to the next
/// node. Each is recorded as signed before it is sent and as accepted when a node takes it.
/// </summary>
internal sealed class BurstSender(string chainId, IReadOnlyList<SigningKey> senders, IReadOnlyList<PublicKey> payees, LedgerNodes nodes, WorkloadHistory history, TimeSpan callDeadline, Random random)
{
    private long _sent;

    public long Sent => Interlocked.Read(ref _sent);

    public async Task RunAsync(int maxTransfers, CancellationToken stop)
    {
        try
        {
            var node = random.Next(nodes.Count);
            while (!stop.IsCancellationRequested && Interlocked.Increment(ref _sent) <= maxTransfers)
            {
                node = (node + 1) % nodes.Count;
                await SendOneAsync(node, stop).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or RpcException && stop.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    private async Task SendOneAsync(int node, CancellationToken stop)
    {
        var from = senders[random.Next(senders.Count)];
        var to = payees[random.Next(payees.Count)];
        var transfer = Transfer.Create(chainId, from, to, 1 + (ulong)random.Next(10), TransferNonce.Random(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        history.RecordSigned(transfer);
        var request = new SubmitTransferRequest { Transfer = ByteString.CopyFrom(transfer.Encoded) };
        try
        {
            var answer = await nodes.Client(node).SubmitTransferAsync(request, deadline: DateTime.UtcNow + callDeadline, cancellationToken: stop).ConfigureAwait(false);
            if (answer.Outcome is SubmitOutcome.Accepted or SubmitOutcome.AlreadyPending)
            {
                history.RecordAccepted(transfer.Id);
            }
            else
            {
                history.RecordRefused(string.IsNullOrEmpty(answer.RejectionCode) ? answer.Outcome.ToString() : answer.RejectionCode);
            }
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.ResourceExhausted && !stop.IsCancellationRequested)
        {
            // A full mempool: the transfer is refused, and the sender backs off a little.
            history.RecordRefused("ResourceExhausted");
            await Task.Delay(TimeSpan.FromMilliseconds(50), stop).ConfigureAwait(false);
        }
        catch (RpcException) when (!stop.IsCancellationRequested)
        {
            // The node may have taken it before the call failed.
            history.RecordUnknown();
        }
    }
}
