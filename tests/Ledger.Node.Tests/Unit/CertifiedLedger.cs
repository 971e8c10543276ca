using Ledger.Consensus.Messages;
using Ledger.Crypto;
using Ledger.Genesis;
using Ledger.Client.Evidence;
using Ledger.TestKit;
using Ledger.TestKit.Chains;
using Ledger.Transactions;

namespace Ledger.Node.Tests.Unit;

/// <summary>
/// A ledger whose committed blocks carry real commit certificates: a genesis naming four
/// <see cref="TestKeys"/> validators, each block proposed by its round's leader and certified by
/// a quorum of them (the block's QC and its next-round child's QC), so a wallet's
/// <see cref="EvidenceVerifier"/> accepts what this ledger proves, and nothing else.
/// </summary>
internal sealed class CertifiedLedger : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ledger-certified-" + Guid.NewGuid().ToString("N"));
    private readonly ConsensusBuilder _consensus;
    private QuorumCertificate _head;
    private ulong _round;

    public CertifiedLedger()
    {
        Chain = TestChain.Create();
        _consensus = new ConsensusBuilder(4, TestChain.ChainId);
        Genesis = Chain.Genesis with
        {
            Validators = [.. TestKeys.ValidatorPublicKeys(4).Select((key, i) => new GenesisValidator
            {
                Name = $"validator{i}",
                Organisation = "org1",
                PublicKey = key.ToHex(),
                // Real certificates: the ledger's state commits genesis's validator roster (their DER).
                SigningCertificatePem = Crypto.Pki.PkiPem.ToPem(Chain.Org1.IssueSigningCertificate($"validator{i}", Crypto.Pki.CertificateRole.Validator, key, TestChain.CaFrom, TestChain.LeafUntil)),
                TlsCertificatePem = Chain.Org1.IssueTlsCertificate($"validator{i}", Crypto.Pki.CertificateRole.Validator, TestChain.CaFrom, TestChain.LeafUntil).CertificatePem,
            })],
        };
        Engine = LedgerEngine.Open(_directory, Genesis);
        _head = QuorumCertificate.Genesis(TestChain.ChainId, Engine.Committed.StateRoot);
    }

    public TestChain Chain { get; }

    /// <summary>The ledger store's folder.</summary>
    public string Directory => _directory;

    public GenesisDocument Genesis { get; }

    public LedgerEngine Engine { get; }

    /// <summary>Executes and commits the next block holding <paramref name="transactions"/>, with its commit certificate; returns the block.</summary>
    public Block Commit(params Transaction[] transactions)
    {
        ulong height = Engine.Committed.Height + 1;
        long timestamp = Chain.GenesisTimeMs + ((long)height * 1_000);
        Block block = Propose(_round + 1, _head, PayloadCodec.Encode(transactions), timestamp);
        var result = Engine.Execute(Engine.Committed.BlockId, block.Id, height, timestamp, transactions);
        QuorumCertificate qc = _consensus.Qc(block, result.StateRoot);
        Block child = Propose(_round + 2, qc, PayloadCodec.Encode([]), timestamp + 1);
        QuorumCertificate childQc = _consensus.Qc(child, Hash32.Sha256("child"u8));
        Engine.Commit(block.Id, CommitCertificate.From(block, [qc, childQc]).Encode());
        _head = qc;
        _round += 2;
        return block;
    }

    public void Dispose()
    {
        Engine.Dispose();
        if (System.IO.Directory.Exists(_directory))
        {
            System.IO.Directory.Delete(_directory, true);
        }
    }

    private Block Propose(ulong round, QuorumCertificate justify, byte[] payload, long timestamp)
    {
        int leader = _consensus.Validators.LeaderOf(round);
        return Block.Create(TestChain.ChainId, round, justify, payload, timestamp, leader, ConsensusBuilder.Key(leader));
    }
}
