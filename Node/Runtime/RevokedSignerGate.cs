using Ledger.Consensus.Core;
using Ledger.Node.Modes;
using Ledger.Node.Observability;
using Ledger.Node.Security;
using Microsoft.Extensions.Logging;

namespace Ledger.Node.Runtime;

/// <summary>
/// Revocation of consensus signing certificates at the node boundary (docs/ARCHITECTURE.md,
/// "Revoked validators"), in both directions, so the consensus core stays unchanged:
/// <list type="bullet">
/// <item>inbound, a proposal, vote or timeout whose author's signing certificate is revoked (on the
/// ledger or by a given CRL) is refused before the core sees it, counted in
/// <c>ledger_consensus_messages_refused_total{kind,reason="signerRevoked"}</c> and logged once per
/// validator, not per message. The QCs and TCs other messages carry are untouched: their validity
/// is the same at every honest replica.</item>
/// <item>outbound, once this node's own signing certificate is revoked it sends no proposal, vote,
/// timeout or re-sent message again (until restarted): its organisation withdrew the key, and a
/// stolen copy must not find this node still vouching with it. It keeps following what the others
/// certify, serving reads and syncing; the mode's reason, the log and
/// <c>ledger_signing_stopped</c> say so.</item>
/// </list>
/// Validators are those of the committee's current epoch (indices and certificates follow it).
/// Called only on the event loop.
/// </summary>
public sealed partial class RevokedSignerGate(SigningCertificateRevocations revocations, Committee committee, Func<int> self, NodeModeTracker mode, NodeMetrics metrics, TimeProvider time, ILogger logger)
{
    /// <summary>A gate for the validator at a fixed index (tests, and a set that never changes).</summary>
    public RevokedSignerGate(SigningCertificateRevocations revocations, Committee committee, int self, NodeModeTracker mode, NodeMetrics metrics, TimeProvider time, ILogger logger)
        : this(revocations, committee, () => self, mode, metrics, time, logger)
    {
    }

    /// <summary>The reason label of <c>ledger_consensus_messages_refused_total</c>.</summary>
    public const string SignerRevoked = "signerRevoked";

    // Validators whose refusal was logged: bounded by the committee (cleared when its epoch changes, since indices move).
    private readonly HashSet<int> _logged = [];
    private ulong _loggedEpoch;
    private bool _stopped;

    /// <summary>Whether this node has stopped signing (its own signing certificate is revoked).</summary>
    public bool SigningStopped => _stopped;

    /// <summary>False for a proposal, vote or timeout whose author's signing certificate is revoked; every other input passes.</summary>
    public bool Admits(ConsensusInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (kind, author) = input switch
        {
            ProposalReceived p => ("proposal", p.Proposal.Block.Proposer),
            VoteReceived v => ("vote", v.Vote.Voter),
            TimeoutReceived t => ("timeout", t.Timeout.Signer),
            _ => (null, -1),
        };

        // An index outside the committee passes: the core refuses an unknown signer itself.
        var revokedBy = kind is null ? SignerRevokedBy.NotRevoked : revocations.RevokedBy(author);
        if (revokedBy == SignerRevokedBy.NotRevoked)
        {
            return true;
        }

        metrics.ConsensusMessageRefused(kind!, SignerRevoked);
        if (_loggedEpoch != committee.Epoch)
        {
            _loggedEpoch = committee.Epoch;
            _logged.Clear();
        }

        if (_logged.Add(author))
        {
            LogRefusing(logger, committee.NameOf(author), revocations.Describe(author), revokedBy);
        }

        return false;
    }

    /// <summary>False for a signed message this node must no longer send (its own signing certificate is revoked); every other action passes.</summary>
    public bool Releases(ConsensusAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var kind = action switch
        {
            BroadcastProposal => "proposal",
            SendVote => "vote",
            BroadcastTimeout => "timeout",
            Resend => "resend",
            _ => null,
        };
        if (kind is null)
        {
            return true;
        }

        if (!_stopped)
        {
            var revokedBy = revocations.RevokedBy(self());
            if (revokedBy == SignerRevokedBy.NotRevoked)
            {
                return true;
            }

            // Final for this process: an organisation does not un-revoke a key, and a restart looks again.
            _stopped = true;
            var reason = $"this node's {revocations.Describe(self())} is revoked ({revokedBy}); it sends no proposal, vote or timeout";
            metrics.SigningStopped();
            mode.StopSigning(time.GetUtcNow(), reason);
            LogStoppedSigning(logger, reason);
        }

        metrics.SignedMessageWithheld(kind);
        return false;
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Refusing every proposal, vote and timeout from {Validator}: its {Certificate} is revoked ({Source}); it counts as crashed until the validator set changes")]
    private static partial void LogRefusing(ILogger logger, string validator, string certificate, SignerRevokedBy source);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Critical, Message = "Stopped signing: {Reason}; still following the chain, serving reads and syncing")]
    private static partial void LogStoppedSigning(ILogger logger, string reason);
}
