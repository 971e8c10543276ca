using Ledger.Client.Nodes;
using Ledger.Client.Requests;
using Ledger.Client.Transfers;
using Ledger.Crypto;

namespace Ledger.Chaos.Workload;

/// <summary>
/// One member paying others, one retry-safe transfer at a time, exactly as the wallet does:
/// <see cref="TransferClient"/> signs and journals each request (recorded in the history before
/// it can leave), sends it and waits for its outcome on evidence. Now and then it asks for more
/// than the whole supply, which must never move money.
/// </summary>
internal sealed class Teller(string name, SigningKey key, IReadOnlyList<PublicKey> payees, TransferClient client, WorkloadHistory history, WorkloadOptions options, ulong supply, Random random)
{
    public async Task RunAsync(CancellationToken stop)
    {
        for (var k = 0; k < options.MaxTransfersPerTeller && !stop.IsCancellationRequested;)
        {
            var to = payees[random.Next(payees.Count)];
            var amount = random.Next(options.OverdrawEvery) == 0 ? supply + 1 : 1 + (ulong)random.NextInt64((long)options.MaxAmount);
            PreparedTransfer prepared;
            try
            {
                // The chaos network is built fresh for each run, so these ids are new to the chain:
                // nothing can have been signed under them, and the account history is not searched
                // (it would read the whole, growing history before every transfer).
                prepared = await client.PrepareAsync(key, to, amount, RequestId.Parse($"{name}-{k}"), stop, newRequestId: true).ConfigureAwait(false);
            }
            catch (NoNodeAnsweredException)
            {
                // Nothing was signed: the same request is tried again once a node answers.
                await Pause(stop).ConfigureAwait(false);
                continue;
            }
            catch (ClockBehindException)
            {
                history.RecordRefused("ClockBehind");
                await Pause(stop).ConfigureAwait(false);
                continue;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Nothing was signed, or the journal refused: worth reporting, not worth stopping the run.
                history.RecordError($"{name}: preparing request {k}: {e.GetType().Name}: {e.Message}");
                await Pause(stop).ConfigureAwait(false);
                continue;
            }

            history.RecordSigned(prepared.Entry.Transfer);
            k++;
            TransferOutcome outcome;
            try
            {
                outcome = await client.WaitAsync(prepared, options.WaitLimit, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                history.RecordError($"{name}: waiting for {prepared.Entry.Transfer.Id.ToShortHex()}: {e.GetType().Name}: {e.Message}");
                history.RecordUnknown();
                continue;
            }

            Record(prepared, outcome);
        }
    }

    private void Record(PreparedTransfer prepared, TransferOutcome outcome)
    {
        var id = prepared.Entry.Transfer.Id;
        switch (outcome.Kind)
        {
            case TransferOutcomeKind.Committed when outcome.Height is { } height:
                history.RecordProven(id, height);
                break;
            case TransferOutcomeKind.Pending:
                history.RecordAccepted(id);
                break;
            case TransferOutcomeKind.Rejected:
                history.RecordRefused(outcome.Code ?? "Rejected");
                break;
            case TransferOutcomeKind.Expired:
                history.RecordRefused("Expired");
                break;
            default:
                // Unknown: it may have reached a node; NotSent: it never left. Either way not acknowledged.
                history.RecordUnknown();
                break;
        }

        // A pending outcome whose wait ended says which node held it: that node accepted it.
        if (outcome.Kind == TransferOutcomeKind.Unknown && outcome.Node is not null)
        {
            history.RecordAccepted(id);
        }
    }

    private static async Task Pause(CancellationToken stop)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
