using Google.Protobuf;
using Grpc.Core;
using Ledger.Client.Journal;
using Ledger.Client.Nodes;
using Ledger.Client.Protos;
using Ledger.Client.Requests;
using Ledger.Crypto;
using Ledger.Transactions;

namespace Ledger.Client.Transfers;

/// <summary>
/// Retry-safe transfers (docs/PROTOCOL.md, "Request ids and retry-safe transfers"). A request is
/// signed once, with a nonce derived from the sender's key and the request id, and journaled
/// durably before anything is sent; every later run of the same request re-sends those same
/// bytes and reports the one outcome. The outcome is decided on evidence: committed only with a
/// proof verified against genesis, expired only when a certified block's timestamp is past the
/// transfer's commit deadline (block time never goes back), never on the wallet's clock.
/// </summary>
public sealed class TransferClient(LedgerNodes nodes, TransferJournal journal, TimeProvider time, TransferClientOptions options)
{
    private readonly TransferClientOptions _options = (options ?? throw new ArgumentNullException(nameof(options))).Validate();

    // Transactions this client has handed to a node (or may have): once sent, failing to reach
    // any node later means "unknown", never "not sent".
    private readonly HashSet<Hash32> _sent = [];

    private string ChainId => nodes.Genesis.ChainId;

    private int MaxTransactionBytes => nodes.Genesis.Parameters.MaxTransactionBytes;

    /// <summary>
    /// The request's journaled transfer, or a new one: the ledger's certified time is read first
    /// (a clock behind it refuses, <see cref="ClockBehindException"/>), then the transfer is
    /// signed and journaled. A journaled request asked with another recipient or amount throws
    /// <see cref="RequestConflictException"/>.
    /// A request the journal does not hold is first looked for in the sender's account history
    /// (<see cref="RequestHistorySearch"/>): found, its committed transfer is journaled with its
    /// outcome and nothing is signed; a search that stops before genesis refuses to sign
    /// (<see cref="RequestHistoryIncompleteException"/>). <paramref name="newRequestId"/>: the id
    /// was just made by this process (<see cref="RequestId.New"/>), so nothing can have been
    /// signed under it and the history is not searched.
    /// </summary>
    public async Task<PreparedTransfer> PrepareAsync(SigningKey sender, PublicKey to, ulong amount, RequestId requestId, CancellationToken ct, bool newRequestId = false)
    {
        ArgumentNullException.ThrowIfNull(sender);
        using var held = await journal.LockAsync(_options.JournalLockWait, time, ct).ConfigureAwait(false);
        if (journal.Find(ChainId, sender.PublicKey, requestId, MaxTransactionBytes) is { } existing)
        {
            CheckSameRequest(existing.Transfer, to, amount, requestId, "signed");
            return new PreparedTransfer(existing, Resumed: true, Window(existing.Transfer), []);
        }

        var nonce = RequestNonce.Derive(sender, ChainId, requestId);
        RequestSearchResult? search = null;
        IReadOnlyList<NodeFailure> searchFailures = [];
        if (!newRequestId)
        {
            (search, searchFailures) = await RequestHistorySearch.SearchAsync(nodes, sender.PublicKey, nonce, _options.HistorySearchMaxPages, _options.CallDeadline, ct).ConfigureAwait(false);
            if (search.Found is { Transaction: Transfer earlier } found)
            {
                // Committed under this request already: bind the request to those bytes again, with their outcome.
                CheckSameRequest(earlier, to, amount, requestId, $"committed at height {found.Height}");
                var recovered = journal.Record(requestId, earlier, Now());
                recovered = journal.RecordOutcome(recovered, new JournalOutcome(JournalOutcomeKind.Committed, found.Height, found.ReceiptStatus, 0, search.Nodes[^1], Now()));
                return new PreparedTransfer(recovered, Resumed: true, Window(earlier), searchFailures, search);
            }

            if (!search.ReachedGenesis)
            {
                // A commit below the scanned range is older than the replay window (or soon will be):
                // the ledger would accept the same (sender, nonce) again, so signing could pay twice.
                throw new RequestHistoryIncompleteException(
                    $"request '{requestId}' is not in this wallet's journal and not in the part of the account's history searched ({search.Describe()}); "
                    + "an earlier signing of it may have committed below that range, and the ledger no longer refuses its nonce there, so nothing was signed. "
                    + "Restore the journal, or, if this request was never paid, use a new request id", search);
            }
        }

        // Before signing: the ledger's certified time. A clock far behind it would stamp a transfer
        // that is refused as too old (or has little time left to commit); refuse while nothing is signed.
        var head = await nodes.FirstVerifiedAsync((c, t) => VerifiedReads.BalanceAsync(c, nodes.Verifier, sender.PublicKey, _options.CallDeadline, t), ct).ConfigureAwait(false);
        long now = time.GetUtcNow().ToUnixTimeMilliseconds();
        long ledgerTime = head.Value.Balance.BlockTimestampMs;
        if (now < ledgerTime - nodes.Genesis.Parameters.MaxClockSkewMs)
        {
            throw new ClockBehindException(
                $"this machine's clock ({DateTimeOffset.FromUnixTimeMilliseconds(now):u}) is {(ledgerTime - now) / 1000.0:0.0} s behind the ledger's certified block time "
                + $"({DateTimeOffset.FromUnixTimeMilliseconds(ledgerTime):u}, height {head.Value.Balance.Height}, from {head.Node}); fix the clock. Nothing was signed.");
        }

        var transfer = Transfer.Create(ChainId, sender, to, amount, nonce, now);
        var entry = journal.Record(requestId, transfer, now);
        return new PreparedTransfer(entry, Resumed: false, Window(transfer), [.. searchFailures, .. head.Failures], search);
    }

    private static void CheckSameRequest(Transfer earlier, PublicKey to, ulong amount, RequestId requestId, string how)
    {
        if (earlier.To != to || earlier.Amount != amount)
        {
            throw new RequestConflictException(
                $"request '{requestId}' was {how} as {earlier.Amount} to {earlier.To.ToHex()} (transaction {earlier.Id.ToHex()}); "
                + "a request id is never signed again with other values: use a new request id");
        }
    }

    /// <summary>One look at the request: its final outcome if known, else what the nodes say; with <paramref name="send"/>, (re-)sends the bytes unless a node already holds them.</summary>
    public async Task<TransferOutcome> ResolveAsync(PreparedTransfer prepared, bool send, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        var entry = prepared.Entry;
        if (entry.Outcome is { } final)
        {
            // Found in the history just now (verified against genesis by this run), not read back from an earlier one.
            return prepared.Search?.Found is not null
                ? FromJournal(prepared, final) with { FromJournal = false, FromHistory = true }
                : FromJournal(prepared, final);
        }

        var failures = new List<NodeFailure>();
        var transfer = entry.Transfer;
        string? pendingAt = null;
        var answered = 0;
        for (var i = 0; i < nodes.Count; i++)
        {
            var (name, client) = (nodes.Name(i), nodes.Client(i));

            // The certified head first, then the transfer: a node whose store (which only grows)
            // lacks the transfer after a block past the deadline will never have it.
            var (head, headFailure) = await LedgerNodes.TryAsync(name, client, (c, t) => VerifiedReads.BalanceAsync(c, nodes.Verifier, transfer.From, _options.CallDeadline, t), ct).ConfigureAwait(false);
            var (reading, readFailure) = headFailure is null
                ? await LedgerNodes.TryAsync(name, client, (c, t) => VerifiedReads.TransferAsync(c, nodes.Verifier, transfer.Id, _options.CallDeadline, t), ct).ConfigureAwait(false)
                : (null, null);
            if ((headFailure ?? readFailure) is { } failure)
            {
                failures.Add(nodes.Explain(failure));
                continue;
            }

            answered++;
            if (reading!.Committed is { } committed)
            {
                return Final(prepared, new JournalOutcome(JournalOutcomeKind.Committed, committed.Height, committed.ReceiptStatus, 0, name, Now()), failures);
            }

            if (reading.State == TransferState.Pending)
            {
                pendingAt ??= name;
            }
            else if (prepared.Window.HasPassed(head!.Balance.BlockTimestampMs))
            {
                // Absence is the node's word: the ledger has no proof of a transaction's absence
                // yet (the account history will give one).
                return Final(prepared, new JournalOutcome(JournalOutcomeKind.Expired, head.Balance.Height, null, head.Balance.BlockTimestampMs, name, Now()), failures);
            }
        }

        if (pendingAt is not null)
        {
            _sent.Add(transfer.Id);
            return Outcome(prepared, TransferOutcomeKind.Pending, pendingAt, null, null, $"pending at {pendingAt}", failures);
        }

        if (!send)
        {
            return Unknown(prepared, answered == 0 ? "no node answered" : "no node has it", failures);
        }

        return await SendAsync(prepared, failures, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends (unless already final) and waits until the transfer commits or can no longer commit,
    /// a node refuses it, every node stays unreachable for <see cref="TransferClientOptions.UnreachableGiveUp"/>,
    /// or <paramref name="limit"/> passes (then the outcome is pending or unknown, never guessed).
    /// </summary>
    public async Task<TransferOutcome> WaitAsync(PreparedTransfer prepared, TimeSpan? limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        var started = time.GetTimestamp();
        var lastAnswer = started;
        var outcome = await ResolveAsync(prepared, send: true, ct).ConfigureAwait(false);
        while (true)
        {
            if (outcome.IsFinal || outcome.Kind == TransferOutcomeKind.Rejected)
            {
                return outcome;
            }

            bool noneAnswered = outcome.Kind is TransferOutcomeKind.Unknown or TransferOutcomeKind.NotSent && outcome.Failures.Select(f => f.Node).Distinct().Count() >= nodes.Count;
            if (!noneAnswered)
            {
                lastAnswer = time.GetTimestamp();
            }
            else if (time.GetElapsedTime(lastAnswer) >= _options.UnreachableGiveUp)
            {
                return outcome;
            }

            if (limit is { } l && time.GetElapsedTime(started) >= l)
            {
                return outcome.Kind == TransferOutcomeKind.Pending
                    ? Unknown(prepared, $"still pending at {outcome.Node} after {l.TotalSeconds:0.#} s", [.. outcome.Failures]) with { Node = outcome.Node }
                    : outcome;
            }

            await Task.Delay(_options.PollInterval, time, ct).ConfigureAwait(false);

            // Re-send when no node holds it any more (the one that had it may have died); same bytes, so at most one commit.
            outcome = await ResolveAsync(prepared, send: outcome.Kind != TransferOutcomeKind.Pending, ct).ConfigureAwait(false);
        }
    }

    private async Task<TransferOutcome> SendAsync(PreparedTransfer prepared, List<NodeFailure> failures, CancellationToken ct)
    {
        var transfer = prepared.Entry.Transfer;
        var request = new SubmitTransferRequest { Transfer = ByteString.CopyFrom(transfer.Encoded) };
        var mayHaveArrived = prepared.Resumed || _sent.Contains(transfer.Id);
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
                if (LedgerNodes.MayHaveBeenDelivered(ex))
                {
                    mayHaveArrived = true;
                    _sent.Add(transfer.Id);
                }

                failures.Add(nodes.Explain(LedgerNodes.Classify(name, ex)));
                continue;
            }
            catch (HttpRequestException ex) when (!ct.IsCancellationRequested)
            {
                failures.Add(nodes.Explain(new NodeFailure(name, NodeFailureKind.Unreachable, ex.Message)));
                continue;
            }

            _sent.Add(transfer.Id);
            switch (answer.Outcome)
            {
                case SubmitOutcome.Accepted:
                case SubmitOutcome.AlreadyPending:
                    return Outcome(prepared, TransferOutcomeKind.Pending, name, null, null, $"accepted by {name}", failures);
                case SubmitOutcome.AlreadyCommitted when answer.Committed is { } proof:
                    try
                    {
                        var committed = await EpochProofFetch.VerifyAsync(
                            nodes.Client(i), nodes.Verifier, () => nodes.Verifier.VerifyTransfer(proof, transfer.Id), _options.CallDeadline, ct).ConfigureAwait(false);
                        return Final(prepared, new JournalOutcome(JournalOutcomeKind.Committed, committed.Height, committed.ReceiptStatus, 0, name, Now()), failures);
                    }
                    catch (Evidence.EvidenceException ex)
                    {
                        failures.Add(new NodeFailure(name, NodeFailureKind.FailedVerification, $"NOT VERIFIED: {ex.Message}"));
                        continue;
                    }

                case SubmitOutcome.Rejected:
                    return Outcome(prepared, TransferOutcomeKind.Rejected, name, null, answer.RejectionCode, $"refused by {name} ({answer.RejectionCode}): {answer.Message}", failures);
                default:
                    failures.Add(new NodeFailure(name, NodeFailureKind.Error, $"answered {answer.Outcome} without a proof"));
                    continue;
            }
        }

        return mayHaveArrived
            ? Unknown(prepared, "no node confirmed it", failures)
            : Outcome(prepared, TransferOutcomeKind.NotSent, null, null, null, "no node could be reached; the transfer never left this wallet", failures);
    }

    private TransferOutcome Final(PreparedTransfer prepared, JournalOutcome final, List<NodeFailure> failures)
    {
        var entry = journal.RecordOutcome(prepared.Entry, final);
        return FromJournal(prepared with { Entry = entry }, final) with { FromJournal = false, Failures = failures };
    }

    private static TransferOutcome FromJournal(PreparedTransfer prepared, JournalOutcome final) => final.Kind == JournalOutcomeKind.Committed
        ? new TransferOutcome(TransferOutcomeKind.Committed, prepared.Entry, prepared.Window, final.Node, final.Height, final.Receipt,
            $"committed at height {final.Height}, receipt {final.Receipt}", [], FromJournal: true)
        : new TransferOutcome(TransferOutcomeKind.Expired, prepared.Entry, prepared.Window, final.Node, final.Height, "Expired",
            $"expired unapplied: certified block {final.Height} ({DateTimeOffset.FromUnixTimeMilliseconds(final.CertifiedTimestampMs):u}) is past the commit deadline "
            + $"{prepared.Window.Deadline:u} and {final.Node} does not have it (a node's word: absence is not provable yet)", [], FromJournal: true);

    private static TransferOutcome Outcome(PreparedTransfer prepared, TransferOutcomeKind kind, string? node, ulong? height, string? code, string message, List<NodeFailure> failures) =>
        new(kind, prepared.Entry, prepared.Window, node, height, code, message, failures);

    private static TransferOutcome Unknown(PreparedTransfer prepared, string why, List<NodeFailure> failures) =>
        Outcome(prepared, TransferOutcomeKind.Unknown, null, null, null,
            $"outcome unknown ({why}); transaction {prepared.Entry.Transfer.Id.ToHex()} may still commit until {prepared.Window.Deadline:u}; "
            + $"re-run with --request-id {prepared.Entry.RequestId} to resume", failures);

    private CommitWindow Window(Transfer transfer) => CommitWindow.For(transfer, nodes.Genesis.Parameters);

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
