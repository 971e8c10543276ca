using Google.Protobuf;
using Grpc.Core;
using Ledger.Client.Evidence;
using Ledger.Client.Nodes;
using Ledger.Client.Protos;
using Ledger.Client.Transfers;
using Ledger.Crypto;
using Ledger.Transactions;

namespace Ledger.Client.Membership;

/// <summary>
/// Submits an Enroll, a Revoke or a ValidatorSetChange (through SubmitTransfer, which takes them) and waits for its
/// commit, proven against genesis like a transfer's. No journal or request id is needed: both
/// transactions are deterministic in their inputs (an Enroll's Ed25519 proof of possession over
/// the certificate, a Revoke's CRL bytes), so re-running the same command sends the same bytes,
/// the same transaction id, and the ledger applies it at most once (a second Enroll of the key is
/// refused AlreadyEnrolled; revocations only accumulate; a change targets one epoch, so it applies once).
/// </summary>
public sealed class MembershipClient(LedgerNodes nodes, TimeProvider time, TransferClientOptions options)
{
    private readonly TransferClientOptions _options = (options ?? throw new ArgumentNullException(nameof(options))).Validate();

    /// <summary>
    /// Sends <paramref name="transaction"/> to the nodes in order until one takes it, then waits
    /// until a node proves its commit, or <paramref name="limit"/> passes (then Pending).
    /// </summary>
    public async Task<MembershipOutcome> SubmitAsync(Transaction transaction, TimeSpan limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (transaction is not (Enroll or Revoke or ValidatorSetChange))
        {
            throw new ArgumentException($"membership transactions are Enroll, Revoke and ValidatorSetChange, not {transaction.Kind}", nameof(transaction));
        }

        var failures = new List<NodeFailure>();
        var sent = await SendAsync(transaction, failures, ct).ConfigureAwait(false);
        if (sent.Kind != MembershipOutcomeKind.Pending)
        {
            return sent;
        }

        var started = time.GetTimestamp();
        while (time.GetElapsedTime(started) < limit)
        {
            await Task.Delay(_options.PollInterval, time, ct).ConfigureAwait(false);
            for (var i = 0; i < nodes.Count; i++)
            {
                var (reading, failure) = await LedgerNodes.TryAsync(nodes.Name(i), nodes.Client(i), (c, t) => VerifiedReads.TransferAsync(c, nodes.Verifier, transaction.Id, _options.CallDeadline, t), ct).ConfigureAwait(false);
                if (failure is not null)
                {
                    failures.Add(failure);
                }
                else if (reading!.Committed is { } committed)
                {
                    return Committed(transaction.Id, nodes.Name(i), committed, failures);
                }
            }
        }

        return sent with
        {
            Message = $"accepted by {sent.Node} but not committed within {limit.TotalSeconds:0.#} s; re-running the same command is safe (same transaction {transaction.Id.ToHex()})",
            Failures = Distinct(failures),
        };
    }

    private async Task<MembershipOutcome> SendAsync(Transaction transaction, List<NodeFailure> failures, CancellationToken ct)
    {
        var request = new SubmitTransferRequest { Transfer = ByteString.CopyFrom(transaction.Encoded) };
        for (var i = 0; i < nodes.Count; i++)
        {
            var name = nodes.Name(i);
            SubmitTransferResponse answer;
            try
            {
                answer = await nodes.Client(i).SubmitTransferAsync(request, deadline: DateTime.UtcNow + _options.CallDeadline, cancellationToken: ct).ConfigureAwait(false);
            }
            catch (RpcException ex) when (!ct.IsCancellationRequested)
            {
                failures.Add(LedgerNodes.Classify(name, ex));
                continue;
            }
            catch (HttpRequestException ex) when (!ct.IsCancellationRequested)
            {
                failures.Add(new NodeFailure(name, NodeFailureKind.Unreachable, ex.Message));
                continue;
            }

            switch (answer.Outcome)
            {
                case SubmitOutcome.Accepted:
                case SubmitOutcome.AlreadyPending:
                    return new MembershipOutcome(MembershipOutcomeKind.Pending, transaction.Id, name, null, null, $"accepted by {name}", failures);
                case SubmitOutcome.AlreadyCommitted when answer.Committed is { } proof:
                    try
                    {
                        var committed = await EpochProofFetch.VerifyAsync(
                            nodes.Client(i), nodes.Verifier, () => nodes.Verifier.VerifyTransfer(proof, transaction.Id), _options.CallDeadline, ct).ConfigureAwait(false);
                        return Committed(transaction.Id, name, committed, failures);
                    }
                    catch (EvidenceException ex)
                    {
                        failures.Add(new NodeFailure(name, NodeFailureKind.FailedVerification, $"NOT VERIFIED: {ex.Message}"));
                        continue;
                    }

                case SubmitOutcome.Rejected:
                    return new MembershipOutcome(MembershipOutcomeKind.Rejected, transaction.Id, name, null, answer.RejectionCode,
                        $"refused by {name} ({answer.RejectionCode}): {answer.Message}", failures);
                default:
                    failures.Add(new NodeFailure(name, NodeFailureKind.Error, $"answered {answer.Outcome} without a proof"));
                    continue;
            }
        }

        return new MembershipOutcome(MembershipOutcomeKind.NotSent, transaction.Id, null, null, null, "no node took it", failures);
    }

    private static MembershipOutcome Committed(Hash32 id, string node, VerifiedTransfer committed, List<NodeFailure> failures) =>
        new(MembershipOutcomeKind.Committed, id, node, committed, committed.ReceiptStatus,
            $"committed at height {committed.Height}, receipt {committed.ReceiptStatus}", Distinct(failures));

    // While waiting, the same node may fail on every poll: report each failure once.
    private static List<NodeFailure> Distinct(List<NodeFailure> failures) => failures.Distinct().ToList();
}
