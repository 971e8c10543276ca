namespace Ledger.Consensus.Core;

/// <summary>
/// A message failed verification (bad signature, unknown signer, malformed certificate...) and was
/// ignored. For logs and metrics only (<see cref="ConsensusOutputs.Rejections"/>); the replica's
/// state did not change because of it and there is nothing to do.
/// </summary>
public sealed record MessageRejected(string Kind, int ClaimedSender, string Reason);
