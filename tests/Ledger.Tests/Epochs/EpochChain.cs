using Ledger.Crypto;
using Ledger.Crypto.Pki;
using Ledger.Execution;
using Ledger.Genesis;
using Ledger.Membership;
using Ledger.State;
using Ledger.TestKit.Chains;
using Ledger.Transactions;
using Org.BouncyCastle.X509;

namespace Ledger.Tests.Epochs;

/// <summary>
/// A four-organisation chain for validator-set changes: org1..org4, each with a CA, one validator
/// (consensus key, signing and TLS certificates) and an admin; one member per organisation.
/// Executes blocks in memory with changes enabled unless told otherwise.
/// </summary>
internal sealed class EpochChain
{
    public const string ChainId = TestChain.ChainId;

    public EpochChain(int organisations = 4)
    {
        var orgs = new List<GenesisOrganisation>();
        var validators = new List<GenesisValidator>();
        var members = new List<GenesisMember>();
        for (int i = 1; i <= organisations; i++)
        {
            var ca = OrganisationCa.Create($"org{i}", TestChain.CaFrom, TestChain.CaUntil);
            Cas.Add(ca);
            orgs.Add(new GenesisOrganisation { Name = ca.Organisation, CaCertificatePem = ca.CertificatePem });
            (SigningKey key, X509Certificate signing, X509Certificate tls) = NewValidator(ca, $"org{i}-v1", 200 + i);
            ValidatorKeys.Add(key);
            validators.Add(new GenesisValidator
            {
                Name = $"org{i}-v1",
                Organisation = ca.Organisation,
                PublicKey = key.PublicKey.ToHex(),
                SigningCertificatePem = PkiPem.ToPem(signing),
                TlsCertificatePem = PkiPem.ToPem(tls),
            });
            SigningKey admin = TestChain.KeyFor(300 + i);
            AdminKeys.Add(admin);
            AdminCertificates.Add(ca.IssueSigningCertificate($"org{i}-admin", CertificateRole.Admin, admin.PublicKey, TestChain.CaFrom, TestChain.LeafUntil));
            SigningKey member = TestChain.KeyFor(i);
            members.Add(new GenesisMember
            {
                Name = $"org{i}-m1",
                Organisation = ca.Organisation,
                PublicKey = member.PublicKey.ToHex(),
                CertificatePem = PkiPem.ToPem(ca.IssueSigningCertificate($"org{i}-m1", CertificateRole.Member, member.PublicKey, TestChain.CaFrom, TestChain.LeafUntil)),
                Balance = 1_000,
            });
        }

        Genesis = new GenesisDocument
        {
            ChainId = ChainId,
            GenesisTimeMs = TestChain.GenesisTime.ToUnixTimeMilliseconds(),
            Organisations = orgs,
            Validators = validators,
            Members = members,
            Parameters = new LedgerParameters { ReplayWindowMs = 60_000, MaxClockSkewMs = 5_000, MaxBlockTransactions = 500, MaxTransactionBytes = 64 * 1024 },
        };
    }

    public List<OrganisationCa> Cas { get; } = [];

    public List<SigningKey> ValidatorKeys { get; } = [];

    public List<SigningKey> AdminKeys { get; } = [];

    public List<X509Certificate> AdminCertificates { get; } = [];

    public GenesisDocument Genesis { get; }

    /// <summary>A validator identity of <paramref name="ca"/>: key of seed <paramref name="seed"/>, signing certificate and TLS certificate under one name.</summary>
    public static (SigningKey Key, X509Certificate Signing, X509Certificate Tls) NewValidator(OrganisationCa ca, string name, int seed,
        CertificateRole role = CertificateRole.Validator, DateTimeOffset? notAfter = null)
    {
        ArgumentNullException.ThrowIfNull(ca);
        SigningKey key = TestChain.KeyFor(seed);
        X509Certificate signing = ca.IssueSigningCertificate(name, role, key.PublicKey, TestChain.CaFrom, notAfter ?? TestChain.LeafUntil);
        X509Certificate tls = ca.IssueTlsCertificate(name, role, TestChain.CaFrom, notAfter ?? TestChain.LeafUntil).Certificate;
        return (key, signing, tls);
    }

    /// <summary>An AddOrganisation of a fresh organisation <paramref name="name"/> with its validator (key seed <paramref name="seed"/>).</summary>
    public static (AddOrganisation Operation, OrganisationCa Ca, SigningKey Key) NewOrganisation(string name, int seed)
    {
        var ca = OrganisationCa.Create(name, TestChain.CaFrom, TestChain.CaUntil);
        (SigningKey key, X509Certificate signing, X509Certificate tls) = NewValidator(ca, name + "-v1", seed);
        return (new AddOrganisation(name, ca.Certificate.GetEncoded(), key.PublicKey, signing.GetEncoded(), tls.GetEncoded()), ca, key);
    }

    /// <summary>The change approved by the admins of the given organisations (1-based), in that order.</summary>
    public ValidatorSetChange Approved(ulong targetEpoch, IEnumerable<ValidatorSetOperation> operations, params int[] organisations)
    {
        ValidatorSetChange change = ValidatorSetChange.Create(ChainId, targetEpoch, operations);
        foreach (int org in organisations)
        {
            change = change.WithApproval(change.Approve(AdminKeys[org - 1], AdminCertificates[org - 1].GetEncoded()));
        }

        return change;
    }

    public Harness Start(bool enabled = true) => new(this, enabled);

    /// <summary>Executes blocks one after another on the genesis state.</summary>
    internal sealed class Harness
    {
        public Harness(EpochChain chain, bool enabled)
        {
            Rules = LedgerRules.From(chain.Genesis) with { ValidatorSetChangesEnabled = enabled };
            MembershipAuthority authority = MembershipAuthority.FromGenesis(chain.Genesis);
            Executor = new BlockExecutor(Rules);
            State = GenesisState.Build(chain.Genesis, authority);
            TimestampMs = chain.Genesis.GenesisTimeMs;
        }

        public LedgerRules Rules { get; }

        public BlockExecutor Executor { get; }

        public LedgerState State { get; private set; }

        public long TimestampMs { get; private set; }

        public ExecutionResult Run(params Transaction[] transactions)
        {
            TimestampMs += 1_000;
            ulong height = State.Height + 1;
            ExecutionResult result = Executor.Execute(State, new BlockInput(TestBlocks.Id(height - 1), TestBlocks.Id(height), height, TimestampMs, transactions));
            State = result.State;
            return result;
        }

        public ReceiptStatus RunOne(Transaction transaction) => Run(transaction).Receipts[0].Status;
    }
}
