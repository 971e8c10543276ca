using Ledger.Consensus.Messages;
using Ledger.Crypto;

namespace Ledger.Consensus.Core;

/// <summary>
/// Everything that can happen to a replica. The node (or the simulator) turns network messages,
/// timers and application results into these and hands them to <see cref="ConsensusCore.Handle"/>
/// one at a time. The family is kept in one file so the whole input language reads in one place.
/// </summary>
public abstract record ConsensusInput;

/// <summary>A proposal arrived from the network (decoded by <see cref="Codec.ConsensusCodec"/>).</summary>
public sealed record ProposalReceived(Proposal Proposal) : ConsensusInput;

/// <summary>A vote arrived; only the leader of the next round aggregates it.</summary>
public sealed record VoteReceived(Vote Vote) : ConsensusInput;

/// <summary>A timeout arrived, carrying its sender's high QC and high TC.</summary>
public sealed record TimeoutReceived(RoundTimeout Timeout) : ConsensusInput;

/// <summary>The timer set by <see cref="SetTimer"/> for <paramref name="Round"/> expired.</summary>
public sealed record TimerFired(ulong Round) : ConsensusInput;

/// <summary>
/// The application executed the block of an <see cref="ExecuteBlock"/> action. <paramref name="Empty"/>:
/// the payload ordered nothing (no transactions), so the chain need not grow to commit it.
/// <paramref name="NextEpoch"/>: the execution applied a validator-set change, so the block is the
/// epoch-ending block of its epoch and, once committed, the replica enters this epoch with this set.
/// </summary>
public sealed record BlockExecuted(Hash32 BlockId, Hash32 StateRoot, bool Empty = false, EpochChange? NextEpoch = null) : ConsensusInput;

/// <summary>The application found the block's payload invalid; the replica will not vote for it.</summary>
public sealed record BlockRejected(Hash32 BlockId, string Reason) : ConsensusInput;

/// <summary>The payload the leader asked for with <see cref="RequestPayload"/>.</summary>
public sealed record PayloadReady(ulong Round, byte[] Payload) : ConsensusInput;

/// <summary>
/// Whether the application has work a proposal could order (transactions not yet in a block):
/// a leader proposes at once while there is, and only for a heartbeat or to commit earlier work
/// while there is not. The driver reports changes; the core assumes work until told otherwise.
/// </summary>
public sealed record WorkPending(bool Pending) : ConsensusInput;

/// <summary>
/// The driver's link to <paramref name="Peer"/> works again after failing: messages sent to it
/// meanwhile were lost, so the replica re-sends what the peer needs to join the current round.
/// </summary>
public sealed record PeerReachable(int Peer) : ConsensusInput;

/// <summary>A peer answered a <see cref="RequestBlocks"/> action.</summary>
public sealed record SyncResponseReceived(int From, SyncResponse Response) : ConsensusInput;

/// <summary>
/// A validator answered an <see cref="AskSignedRounds"/> action: <paramref name="Challenge"/> is the
/// challenge the driver asked it with (the answer's signature covers it, so it must be fresh).
/// </summary>
public sealed record SignedRoundReceived(SignedRound Answer, Hash32 Challenge) : ConsensusInput;
