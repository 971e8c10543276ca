using Ledger.Consensus;
using Ledger.Consensus.Core;
using Ledger.Consensus.Messages;
using Ledger.Consensus.Safety;
using Ledger.Consensus.Verification;
using Ledger.Crypto;

namespace Ledger.TestKit;

/// <summary>
/// Builds signed consensus messages for a committee of <see cref="TestKeys"/>: blocks, votes,
/// QCs, timeouts and TCs, and cores to feed them to.
/// </summary>
public sealed class ConsensusBuilder(int validators, string chainId = "test-chain")
{
    public const long GenesisTimeMs = 1_700_000_000_000;

    public string ChainId { get; } = chainId;

    public ValidatorSet Validators { get; } = new(TestKeys.ValidatorPublicKeys(validators));

    public Hash32 GenesisStateRoot { get; } = Hash32.Sha256("test-genesis"u8);

    public QuorumCertificate GenesisQc => QuorumCertificate.Genesis(ChainId, GenesisStateRoot);

    public CommittedRoot GenesisRoot => CommittedRoot.Genesis(ChainId, GenesisStateRoot, GenesisTimeMs);

    public static SigningKey Key(int validator) => TestKeys.Validator(validator);

    public ConsensusConfig Config(int self, ConsensusParameters? parameters = null) =>
        new(ChainId, Validators, Key(self), parameters ?? ConsensusParameters.ForTests(), Ed25519SignatureVerifier.Instance, GenesisStateRoot);

    public ConsensusCore Core(int self, SafetyData? safety = null, CommittedRoot? root = null) =>
        new(Config(self), safety ?? SafetyData.Initial, root ?? GenesisRoot);

    public MessageVerifier Verifier() => new(ChainId, Validators, Ed25519SignatureVerifier.Instance, GenesisQc);

    /// <summary>A block of <paramref name="round"/> on <paramref name="justify"/>, signed by the round's leader.</summary>
    public Block Block(ulong round, QuorumCertificate justify, string payload = "tx", long? timestampMs = null, int? proposer = null)
    {
        int by = proposer ?? Validators.LeaderOf(round);
        return Ledger.Consensus.Messages.Block.Create(ChainId, round, justify, System.Text.Encoding.UTF8.GetBytes(payload),
            timestampMs ?? GenesisTimeMs + ((long)round * 10), by, Key(by));
    }

    /// <summary>The state root the tests' application assigns a block: SHA-256(parent root || payload hash).</summary>
    public static Hash32 StateAfter(Hash32 parentRoot, Block block) =>
        new CanonicalWriter().WriteHash(parentRoot).WriteHash(block.PayloadHash).Hash();

    public static VoteData VoteDataFor(Block block, Hash32 stateRoot) =>
        new(block.Id, block.Round, block.Height, block.ParentId, block.Justify.Round, stateRoot, block.Epoch);

    /// <summary>A vote whose clock reads <paramref name="timeMs"/> (default: the block's own timestamp).</summary>
    public Vote Vote(Block block, Hash32 stateRoot, int voter, long? timeMs = null) =>
        Ledger.Consensus.Messages.Vote.Create(ChainId, VoteDataFor(block, stateRoot), voter, timeMs ?? block.TimestampMs, Key(voter));

    /// <summary>
    /// A QC on <paramref name="block"/> signed by <paramref name="signers"/> (default: the first
    /// quorum), every signer's clock reading <paramref name="timeMs"/> (default: the block's timestamp).
    /// </summary>
    public QuorumCertificate Qc(Block block, Hash32 stateRoot, IEnumerable<int>? signers = null, long? timeMs = null)
    {
        VoteData data = VoteDataFor(block, stateRoot);
        long time = timeMs ?? block.TimestampMs;
        byte[] message = data.SigningBytes(ChainId, time);
        return new QuorumCertificate(data,
            [.. (signers ?? Enumerable.Range(0, Validators.QuorumSize)).Order().Select(i => new SignerSignature(i, time, Key(i).Sign(message)))]);
    }

    public RoundTimeout Timeout(ulong round, QuorumCertificate highQc, int signer, TimeoutCertificate? highTc = null) =>
        RoundTimeout.Create(ChainId, round, highQc, highTc, signer, Key(signer));

    public TimeoutCertificate Tc(ulong round, QuorumCertificate highQc, IEnumerable<int>? signers = null) =>
        new(round, [.. (signers ?? Enumerable.Range(0, Validators.QuorumSize)).Order()
            .Select(i => new TimeoutSignature(i, highQc.Round, Key(i).Sign(RoundTimeout.SigningBytes(ChainId, highQc.Data.Epoch, round, highQc.Round))))]);
}
