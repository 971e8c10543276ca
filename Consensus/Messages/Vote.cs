using Ledger.Crypto;

namespace Ledger.Consensus.Messages;

/// <summary>A validator's signed vote on <see cref="VoteData"/>.</summary>
public sealed record Vote(VoteData Data, int Voter, Signature Signature) : SignedMessage
{
    public ulong Round => Data.Round;

    public static Vote Create(string chainId, VoteData data, int voter, SigningKey key) =>
        new(data, voter, key.Sign(data.SigningBytes(chainId)));
}
