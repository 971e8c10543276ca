using Ledger.Crypto;

namespace Ledger.Consensus.Messages;

/// <summary>
/// A validator's answer to a replica that lost its safety record: the highest round it has signed
/// in (<see cref="HighestSignedRound"/>) of <see cref="Epoch"/>, signed over the asker's fresh
/// challenge so it cannot be replayed, with the certificates that justify its round
/// (<see cref="HighQc"/>, <see cref="HighTc"/>), which cap what a lying answer can claim
/// (docs/PROTOCOL.md, "Recovering a floor"). Not a <see cref="SignedMessage"/>: it signs nothing
/// of a round and is never equivocation evidence.
/// </summary>
public sealed record SignedRound(ulong Epoch, ulong HighestSignedRound, int Signer, QuorumCertificate HighQc, TimeoutCertificate? HighTc, Signature Signature)
{
    public static byte[] SigningBytes(string chainId, ulong epoch, Hash32 challenge, ulong highestSignedRound) =>
        CanonicalWriter.ForSigning(DomainTags.SignedRound, chainId).WriteU64(epoch).WriteHash(challenge).WriteU64(highestSignedRound).ToArray();

    public static SignedRound Create(
        string chainId, ulong epoch, Hash32 challenge, ulong highestSignedRound, QuorumCertificate highQc, TimeoutCertificate? highTc, int signer, SigningKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new(epoch, highestSignedRound, signer, highQc, highTc, key.Sign(SigningBytes(chainId, epoch, challenge, highestSignedRound)));
    }
}
