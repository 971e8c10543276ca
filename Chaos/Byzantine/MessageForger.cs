using Ledger.Consensus.Messages;
using Ledger.Crypto;

namespace Ledger.Chaos.Byzantine;

/// <summary>
/// Makes the messages a Byzantine validator adds to its honest ones, all signed with its own key
/// (it has no other): conflicting twins of its proposals, votes and timeouts (equivocation),
/// messages for rounds far ahead, copies whose signature does not hold, and proposals above the
/// payload cap. Nothing here invents transactions: a twin block carries the original's payload, so
/// whatever commits was still signed by the members who sent it.
/// </summary>
internal sealed class MessageForger(string chainId, SigningKey key, int self, int validators, QuorumCertificate genesisQc)
{
    /// <summary>How far ahead of the current round a flooded message claims to be.</summary>
    public const ulong FarAhead = 1_000;

    public int Self => self;

    public string ChainId => chainId;

    /// <summary>A second block for the same round on the same QC: the same payload, a timestamp one millisecond later, so another id.</summary>
    public Proposal Twin(Proposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        var original = proposal.Block;
        var twin = Block.Create(chainId, original.Round, original.Justify, original.Payload, original.TimestampMs + 1, original.Proposer, key);
        return proposal with { Block = twin };
    }

    /// <summary>The same proposal with a payload of <paramref name="payloadBytes"/> random bytes, properly signed.</summary>
    public Proposal Oversize(Proposal proposal, int payloadBytes, Random random)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(random);
        var payload = new byte[payloadBytes];
        random.NextBytes(payload);
        var original = proposal.Block;
        return proposal with { Block = Block.Create(chainId, original.Round, original.Justify, payload, original.TimestampMs, original.Proposer, key) };
    }

    /// <summary>A validly signed vote for the same round on another block (a hash of the real id).</summary>
    public Vote SecondVote(Vote vote)
    {
        ArgumentNullException.ThrowIfNull(vote);
        return Vote.Create(chainId, vote.Data with { BlockId = Hash32.Sha256(vote.Data.BlockId.ToArray()) }, vote.Voter, vote.TimeMs, key);
    }

    /// <summary>A validly signed timeout for the same round reporting the genesis QC as its highest; null when the real one already does.</summary>
    public RoundTimeout? SecondTimeout(RoundTimeout timeout)
    {
        ArgumentNullException.ThrowIfNull(timeout);
        return timeout.HighQc.Round == 0 ? null : RoundTimeout.Create(chainId, timeout.Round, genesisQc, null, timeout.Signer, key);
    }

    /// <summary>A validly signed timeout for a round <see cref="FarAhead"/> or more beyond <paramref name="round"/>.</summary>
    public RoundTimeout FarFutureTimeout(ulong round, QuorumCertificate highQc, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return RoundTimeout.Create(chainId, round + FarAhead + (ulong)random.Next(1_000), highQc, null, self, key);
    }

    /// <summary>A validly signed vote (carrying <paramref name="timeMs"/> as the voter's clock) on a block that does not exist, for a round far ahead; returned with the validator it is due to (the next round's leader).</summary>
    public (Vote Vote, int To) FarFutureVote(ulong round, QuorumCertificate highQc, long timeMs, Random random)
    {
        ArgumentNullException.ThrowIfNull(highQc);
        ArgumentNullException.ThrowIfNull(random);
        ulong far = round + FarAhead + (ulong)random.Next(1_000);
        var data = new VoteData(Hash32.Sha256(BitConverter.GetBytes(far)), far, highQc.Height + 1, highQc.BlockId, highQc.Round, Hash32.Sha256(BitConverter.GetBytes(far + 1)));
        return (Vote.Create(chainId, data, self, timeMs, key), (int)((far + 1) % (ulong)validators));
    }

    /// <summary>Copies that must be refused: the proposer's signature corrupted, and (past genesis) the QC's signatures corrupted.</summary>
    public IEnumerable<Proposal> Forgeries(Proposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        var b = proposal.Block;
        yield return proposal with { Block = new Block(chainId, b.Round, b.Height, b.ParentId, b.Justify, b.Payload, b.TimestampMs, b.Proposer, Corrupt(b.Signature)) };
        if (!b.Justify.IsGenesis)
        {
            var forgedQc = b.Justify with { Signatures = [.. b.Justify.Signatures.Select(s => s with { Signature = Corrupt(s.Signature) })] };
            yield return proposal with { Block = new Block(chainId, b.Round, b.Height, b.ParentId, forgedQc, b.Payload, b.TimestampMs, b.Proposer, b.Signature) };
        }
    }

    /// <summary>Copies that must be refused: claiming the next validator signed it, and the signature corrupted.</summary>
    public IEnumerable<Vote> Forgeries(Vote vote)
    {
        ArgumentNullException.ThrowIfNull(vote);
        yield return vote with { Voter = (vote.Voter + 1) % validators };
        yield return vote with { Signature = Corrupt(vote.Signature) };
    }

    /// <summary>Copies that must be refused: claiming the next validator signed it, and the signature corrupted.</summary>
    public IEnumerable<RoundTimeout> Forgeries(RoundTimeout timeout)
    {
        ArgumentNullException.ThrowIfNull(timeout);
        yield return timeout with { Signer = (timeout.Signer + 1) % validators };
        yield return timeout with { Signature = Corrupt(timeout.Signature) };
    }

    private static Signature Corrupt(Signature signature)
    {
        byte[] bytes = signature.ToArray();
        bytes[7] ^= 0x10;
        return new Signature(bytes);
    }
}
