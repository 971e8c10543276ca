using Ledger.Crypto;

namespace Ledger.Consensus.Messages;

/// <summary>
/// A timeout as its signature sees it: the round, the high QC's round and the signer's signature
/// over them (<see cref="RoundTimeout.SigningBytes"/>), without the certificates a
/// <see cref="RoundTimeout"/> carries. Two of these for one round with different high QC rounds
/// prove a timeout equivocation.
/// </summary>
public sealed record SignedTimeoutRound(ulong Round, ulong HighQcRound, int Signer, Signature Signature, ulong Epoch = 0) : SignedMessage
{
    public static SignedTimeoutRound Of(RoundTimeout timeout)
    {
        ArgumentNullException.ThrowIfNull(timeout);
        return new(timeout.Round, timeout.HighQc.Round, timeout.Signer, timeout.Signature, timeout.Epoch);
    }
}
