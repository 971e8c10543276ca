using Ledger.Crypto;

namespace Ledger.Consensus.Messages;

/// <summary>
/// A validator's signed vote on <see cref="VoteData"/>, carrying its clock: <see cref="TimeMs"/>
/// is the voter's clock (Unix ms) when it accepted the block as timely, so a QC shows what the
/// clocks of its signers read and bounds the block's timestamp (<see cref="Verification.BlockTimeWindow"/>).
/// </summary>
public sealed record Vote(VoteData Data, int Voter, long TimeMs, Signature Signature) : SignedMessage
{
    public ulong Round => Data.Round;

    public static Vote Create(string chainId, VoteData data, int voter, long timeMs, SigningKey key) =>
        new(data, voter, timeMs, key.Sign(data.SigningBytes(chainId, timeMs)));
}
