using Ledger.Client.Evidence;
using Ledger.Consensus.Messages;
using Ledger.Crypto;
using Ledger.Crypto.Pki;
using Ledger.Execution;
using Ledger.Genesis;
using Ledger.TestKit;
using Ledger.TestKit.Chains;
using Ledger.Transactions;
using Org.BouncyCastle.X509;

namespace Ledger.Node.Tests.Epochs;

/// <summary>
/// A stored ledger that changes its validator set, every committed block carrying a real commit
/// certificate signed by the set of its epoch: four organisations (org1..org4), each with a CA, an
/// admin and one validator (<see cref="TestKeys"/> 0..3); <see cref="AddOrganisation"/> commits a
/// ValidatorSetChange approved by org1..org4 that adds an organisation whose validator is
/// <see cref="TestKeys"/> key <c>k</c>, and the next blocks are of the new epoch, on its
/// epoch-genesis QC, signed by the new set. Validator-set changes are enabled in the engine.
/// </summary>
internal sealed class CertifiedEpochLedger : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ledger-epochs-" + Guid.NewGuid().ToString("N"));
    private readonly List<SigningKey> _adminKeys = [];
    private readonly List<byte[]> _adminCertificates = [];
    private QuorumCertificate _head;
    private ulong _round;
    private List<SigningKey> _set;

    public CertifiedEpochLedger()
    {
        var organisations = new List<GenesisOrganisation>();
        var validators = new List<GenesisValidator>();
        for (int i = 1; i <= 4; i++)
        {
            var ca = OrganisationCa.Create($"org{i}", TestChain.CaFrom, TestChain.CaUntil);
            organisations.Add(new GenesisOrganisation { Name = ca.Organisation, CaCertificatePem = ca.CertificatePem });
            SigningKey key = TestKeys.Validator(i - 1);
            validators.Add(new GenesisValidator
            {
                Name = $"org{i}-v1",
                Organisation = ca.Organisation,
                PublicKey = key.PublicKey.ToHex(),
                SigningCertificatePem = PkiPem.ToPem(ca.IssueSigningCertificate($"org{i}-v1", CertificateRole.Validator, key.PublicKey, TestChain.CaFrom, TestChain.LeafUntil)),
                TlsCertificatePem = ca.IssueTlsCertificate($"org{i}-v1", CertificateRole.Validator, TestChain.CaFrom, TestChain.LeafUntil).CertificatePem,
            });
            SigningKey admin = TestChain.KeyFor(300 + i);
            _adminKeys.Add(admin);
            _adminCertificates.Add(ca.IssueSigningCertificate($"org{i}-admin", CertificateRole.Admin, admin.PublicKey, TestChain.CaFrom, TestChain.LeafUntil).GetEncoded());
        }

        Genesis = TestChain.Create().Genesis with { Organisations = organisations, Validators = validators, Members = [] };
        Engine = LedgerEngine.Open(_directory, Genesis, new LedgerEngineOptions { EnableValidatorSetChanges = true });
        _head = QuorumCertificate.Genesis(TestChain.ChainId, Engine.Committed.StateRoot);
        _set = [.. Enumerable.Range(0, 4).Select(TestKeys.Validator)];
    }

    public GenesisDocument Genesis { get; }

    public LedgerEngine Engine { get; }

    public string Directory => _directory;

    /// <summary>The epoch the committed head is in.</summary>
    public ulong Epoch => Engine.Committed.State.Epoch;

    /// <summary>The certificate of the last committed block, as stored (with the block).</summary>
    public byte[] LastCertificate { get; private set; } = [];

    /// <summary>Commits a change adding organisation <paramref name="name"/> whose validator signs with TestKeys key <paramref name="key"/>.</summary>
    public void AddOrganisation(string name, int key)
    {
        var ca = OrganisationCa.Create(name, TestChain.CaFrom, TestChain.CaUntil);
        SigningKey validator = TestKeys.Validator(key);
        X509Certificate signing = ca.IssueSigningCertificate(name + "-v1", CertificateRole.Validator, validator.PublicKey, TestChain.CaFrom, TestChain.LeafUntil);
        X509Certificate tls = ca.IssueTlsCertificate(name + "-v1", CertificateRole.Validator, TestChain.CaFrom, TestChain.LeafUntil).Certificate;
        var change = ValidatorSetChange.Create(TestChain.ChainId, Epoch + 1,
            [new Ledger.Transactions.AddOrganisation(name, ca.Certificate.GetEncoded(), validator.PublicKey, signing.GetEncoded(), tls.GetEncoded())]);
        for (int org = 0; org < 4; org++)
        {
            change = change.WithApproval(change.Approve(_adminKeys[org], _adminCertificates[org]));
        }

        ExecutionResult result = Commit(change);
        if (result.Receipts[0].Status != ReceiptStatus.Success || result.NextEpoch is null)
        {
            throw new InvalidOperationException($"the change was not applied: {result.Receipts[0].Status}");
        }
    }

    /// <summary>
    /// Executes and commits the next block of the current epoch with a certificate signed by that
    /// epoch's set (the block's QC and its next-round child's QC); after an epoch-ending block the
    /// next block starts the new epoch on its epoch-genesis QC.
    /// </summary>
    public ExecutionResult Commit(params Transaction[] transactions)
    {
        ulong epoch = Epoch;
        ulong height = Engine.Committed.Height + 1;
        long timestamp = Genesis.GenesisTimeMs + ((long)height * 1_000);
        Block block = Propose(_round + 1, _head, PayloadCodec.Encode(transactions), timestamp, epoch);
        ExecutionResult result = Engine.Execute(Engine.Committed.BlockId, block.Id, height, timestamp, transactions);
        QuorumCertificate qc = Qc(block, result.StateRoot);
        Block child = Propose(_round + 2, qc, PayloadCodec.Encode([]), timestamp + 1, epoch);
        QuorumCertificate childQc = Qc(child, Hash32.Sha256("child"u8));
        LastCertificate = CommitCertificate.From(block, [qc, childQc]).Encode();
        Engine.Commit(block.Id, LastCertificate);
        _head = qc;
        _round += 2;
        if (result.NextEpoch is { } next)
        {
            _set = [.. next.Roster.Validators.Select(v => KeyOf(v.ConsensusKey))];
            _head = QuorumCertificate.EpochGenesis(next.Epoch, block.Id, height, result.StateRoot);
            _round = 0;
        }

        return result;
    }

    public void Dispose()
    {
        Engine.Dispose();
        if (System.IO.Directory.Exists(_directory))
        {
            System.IO.Directory.Delete(_directory, true);
        }
    }

    private static SigningKey KeyOf(PublicKey key) =>
        Enumerable.Range(0, TestKeys.Count).Select(TestKeys.Validator).First(k => k.PublicKey == key);

    private Block Propose(ulong round, QuorumCertificate justify, byte[] payload, long timestamp, ulong epoch)
    {
        int leader = (int)(round % (ulong)_set.Count);
        return Block.Create(TestChain.ChainId, round, justify, payload, timestamp, leader, _set[leader], epoch);
    }

    private QuorumCertificate Qc(Block block, Hash32 stateRoot)
    {
        VoteData data = ConsensusBuilder.VoteDataFor(block, stateRoot);
        byte[] message = data.SigningBytes(TestChain.ChainId, block.TimestampMs);
        int n = _set.Count;
        int quorum = ((n + ((n - 1) / 3)) / 2) + 1;
        return new QuorumCertificate(data, [.. Enumerable.Range(0, quorum).Select(i => new SignerSignature(i, block.TimestampMs, _set[i].Sign(message)))]);
    }
}
