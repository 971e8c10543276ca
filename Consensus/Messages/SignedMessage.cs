namespace Ledger.Consensus.Messages;

/// <summary>
/// A message one validator signs for one round: <see cref="Proposal"/>, <see cref="Vote"/> or
/// <see cref="RoundTimeout"/>, or the compact form evidence keeps of the first and last
/// (<see cref="SignedBlockHeader"/>, <see cref="SignedTimeoutRound"/>: exactly what the signature
/// covers). The constructor is private protected, so the set is closed to this assembly and
/// evidence can never hold anything else.
/// </summary>
public abstract record SignedMessage
{
    private protected SignedMessage()
    {
    }
}
