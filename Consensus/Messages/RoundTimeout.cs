using Ledger.Crypto;

namespace Ledger.Consensus.Messages;

/// <summary>
/// A validator's signed statement that round <see cref="Round"/> timed out, carrying the highest
/// QC it knows (and the TC that brought it into its round, if any) so a laggard can catch up from
/// it. The signature covers the round and the high QC's round only, so a TC stays compact.
/// </summary>
public sealed record RoundTimeout(ulong Round, QuorumCertificate HighQc, TimeoutCertificate? HighTc, int Signer, Signature Signature,
    ulong Epoch = 0) : SignedMessage
{
    public static byte[] SigningBytes(string chainId, ulong epoch, ulong round, ulong highQcRound) =>
        CanonicalWriter.ForSigning(DomainTags.Timeout, chainId).WriteU64(epoch).WriteU64(round).WriteU64(highQcRound).ToArray();

    public static RoundTimeout Create(string chainId, ulong round, QuorumCertificate highQc, TimeoutCertificate? highTc, int signer, SigningKey key,
        ulong epoch = 0) =>
        new(round, highQc, highTc, signer, key.Sign(SigningBytes(chainId, epoch, round, highQc.Round)), epoch);
}
