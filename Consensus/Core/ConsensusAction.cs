using Ledger.Consensus.Messages;
using Ledger.Crypto;

namespace Ledger.Consensus.Core;

/// <summary>
/// What the replica asks its driver to do, in order, after persisting
/// <see cref="ConsensusOutputs.PersistFirst"/>. Kept in one file so the output language reads in one place.
/// </summary>
public abstract record ConsensusAction;

/// <summary>Send a proposal to every other validator.</summary>
public sealed record BroadcastProposal(Proposal Proposal) : ConsensusAction;

/// <summary>Send a vote to one validator (the next round's leader).</summary>
public sealed record SendVote(int To, Vote Vote) : ConsensusAction;

/// <summary>Send a timeout to every other validator.</summary>
public sealed record BroadcastTimeout(RoundTimeout Timeout) : ConsensusAction;

/// <summary>
/// Send one validator a message this replica already sent (and persisted what protects it): its
/// proposal, vote or timeout, again, because the peer just became reachable.
/// </summary>
public sealed record Resend(int To, SignedMessage Message) : ConsensusAction;

/// <summary>Ask one validator for missing blocks; answer it with <see cref="SyncResponseReceived"/>.</summary>
public sealed record RequestBlocks(int Peer, SyncRequest Request) : ConsensusAction;

/// <summary>
/// This replica has no safety record and abstains: ask every other validator of
/// <paramref name="Epoch"/> for its <see cref="SignedRound"/> over a fresh challenge, and hand each
/// answer in with <see cref="SignedRoundReceived"/>. Emitted at start and again on every round
/// timer while the replica abstains.
/// </summary>
public sealed record AskSignedRounds(ulong Epoch) : ConsensusAction;

/// <summary>Replace the round timer: fire <see cref="TimerFired"/> for <paramref name="Round"/> after the delay.</summary>
public sealed record SetTimer(ulong Round, long DelayMs) : ConsensusAction;

/// <summary>
/// Validate and execute the block's payload on the state its parent produced (speculatively: the
/// parent may be uncommitted); answer with <see cref="BlockExecuted"/> or <see cref="BlockRejected"/>.
/// </summary>
public sealed record ExecuteBlock(Block Block, Hash32 ParentStateRoot) : ConsensusAction;

/// <summary>
/// This replica leads <paramref name="Round"/>: supply a payload with <see cref="PayloadReady"/>.
/// The block will carry <paramref name="TimestampMs"/>, so the payload should hold what is valid then.
/// </summary>
public sealed record RequestPayload(ulong Round, Hash32 ParentId, ulong Height, long TimestampMs) : ConsensusAction;

/// <summary>
/// Blocks became final, oldest first, each with its own QC. The commit evidence of block i is the
/// QCs of blocks i..last, then <see cref="SuffixQcs"/>, then <paramref name="ChildQc"/> (the QC
/// that completed the two-chain); <see cref="Verification.CommitEvidence.Verify"/> checks such a chain.
/// </summary>
public sealed record CommitBlocks(IReadOnlyList<CommittedBlock> Blocks, QuorumCertificate ChildQc) : ConsensusAction
{
    /// <summary>
    /// When the last block ends its epoch and the two-chain formed beyond it: the QCs of its suffix
    /// blocks (never committed) between it and <see cref="ChildQc"/>'s block. Empty otherwise.
    /// </summary>
    public IReadOnlyList<QuorumCertificate> SuffixQcs { get; init; } = [];

    /// <summary>The commit evidence of <c>Blocks[index]</c>: its QC, its descendants' QCs in this batch, the suffix QCs, the child QC.</summary>
    public IReadOnlyList<QuorumCertificate> EvidenceFor(int index) =>
        [.. Blocks.Skip(index).Select(b => b.Qc), .. SuffixQcs, ChildQc];

    /// <summary>The last block's commit evidence after its own QC (what a sync answer ending at an epoch-ending block carries).</summary>
    public IReadOnlyList<QuorumCertificate> EvidenceAfterLast => [.. SuffixQcs, ChildQc];
}

/// <summary>Uncommitted blocks on abandoned branches: drop their speculative state.</summary>
public sealed record DiscardBlocks(IReadOnlyList<Hash32> BlockIds) : ConsensusAction;

/// <summary>A validator signed two conflicting messages for one round.</summary>
public sealed record ReportEquivocation(EquivocationEvidence Evidence) : ConsensusAction;

/// <summary>
/// A quorum certified a state this replica's application did not produce: stop (fail closed).
/// The core ignores every input after this.
/// </summary>
public sealed record Halt(string Reason) : ConsensusAction;
