using Ledger.Consensus.Safety;
using Ledger.Crypto;
using Ledger.Crypto.Keys;
using Ledger.Crypto.Pki;
using Ledger.Genesis;
using Ledger.Node.Configuration;
using Ledger.Node.Runtime;
using Ledger.Node.Testnet;
using Ledger.Storage;

namespace Ledger.Node.Tests.Testnet;

public sealed class TestnetBuilderTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "testnet-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void Build_FourOrganisations_WritesDocumentedLayout()
    {
        TestnetResult result = TestnetBuilder.Build(_root, new TestnetOptions { Now = Now, ValidatorsPerOrganisation = 1, MembersPerOrganisation = 2 });

        foreach (string org in new[] { "org1", "org2", "org3", "org4" })
        {
            foreach (string file in new[] { "ca.crt.pem", "ca.key.pem", "crl.pem", "admin.crt.pem", "admin.key.pem" })
            {
                Assert.True(File.Exists(Path.Combine(_root, "orgs", org, file)), $"{org}/{file}");
            }

            foreach (string file in new[] { "node.json", "signing.key.pem", "signing.crt.pem", "tls.crt.pem", "tls.key.pem" })
            {
                Assert.True(File.Exists(Path.Combine(_root, "nodes", org + "-v1", file)), $"{org}-v1/{file}");
            }

            foreach (string member in new[] { org + "-m1", org + "-m2" })
            {
                Assert.True(File.Exists(Path.Combine(_root, "members", member, "key.pem")));
                Assert.True(File.Exists(Path.Combine(_root, "members", member, "cert.pem")));
            }
        }

        GenesisDocument genesis = GenesisDocument.Load(Path.Combine(_root, "genesis.json"));
        Assert.Equal(["org1-v1", "org2-v1", "org3-v1", "org4-v1"], genesis.Validators.Select(v => v.Name));
        Assert.Equal(8, genesis.Members.Count);
        Assert.All(genesis.Members, m => Assert.Equal(1_000_000ul, m.Balance));
        Assert.Equal(Now.ToUnixTimeMilliseconds(), genesis.GenesisTimeMs);
        Assert.Equal("ledger-testnet", genesis.ChainId);
        Assert.Equal(4, result.NodeConfigPaths.Count);
    }

    [Fact]
    public void Build_EveryValidator_HasAnInitialSafetyRecordNamingItsKey()
    {
        TestnetResult result = TestnetBuilder.Build(_root, new TestnetOptions { Now = Now, MembersPerOrganisation = 0 });

        Assert.Equal(4, result.Genesis.Validators.Count);
        var set = new Ledger.Consensus.ValidatorSet(result.Genesis.Validators.Select(v => new Ledger.Crypto.PublicKey(Convert.FromHexString(v.PublicKey))));
        foreach (GenesisValidator validator in result.Genesis.Validators)
        {
            byte[] key = Convert.FromHexString(validator.PublicKey);
            var store = new SafetyStore(Path.Combine(_root, "nodes", validator.Name, "data"), OsFileDurability.Instance, key);

            Assert.Equal(SafetyData.Initial, StartSafetyData.Read(store, set, new Ledger.Crypto.PublicKey(key), out StartRecord found));
            Assert.Equal(StartRecord.Own, found);
            Assert.Equal(key, store.RecordOwner);
        }
    }

    [Fact]
    public void Build_LedgerParameters_AreWrittenIntoGenesis()
    {
        var parameters = new LedgerParameters { MaxBlockTransactions = 10_000, ReplayWindowMs = 120_000 };
        TestnetResult result = TestnetBuilder.Build(_root, new TestnetOptions { Now = Now, Organisations = 1, Parameters = parameters });

        GenesisDocument written = GenesisDocument.Load(result.GenesisPath);
        Assert.Equal(10_000, written.Parameters.MaxBlockTransactions);
        Assert.Equal(120_000, written.Parameters.ReplayWindowMs);
        Assert.Equal(new LedgerParameters().MaxTransactionBytes, written.Parameters.MaxTransactionBytes);
    }

    [Fact]
    public void Build_NoLedgerParameters_WritesTheDefaults()
    {
        TestnetResult result = TestnetBuilder.Build(_root, new TestnetOptions { Now = Now, Organisations = 1 });

        Assert.Equal(new LedgerParameters(), GenesisDocument.Load(result.GenesisPath).Parameters);
    }

    [Fact]
    public void Build_NodeConfigs_HaveRelativePathsAndDistinctLoopbackPorts()
    {
        TestnetBuilder.Build(_root, new TestnetOptions { Now = Now, Organisations = 2, ValidatorsPerOrganisation = 2, MembersPerOrganisation = 0, BasePort = 7300 });

        NodeConfig second = NodeConfig.FromJson(File.ReadAllText(Path.Combine(_root, "nodes", "org1-v2", "node.json")));

        Assert.Equal("org1-v2", second.Name);
        Assert.Equal("../../genesis.json", second.GenesisPath);
        Assert.Equal("data", second.DataDir);
        Assert.Equal("signing.key.pem", second.SigningKeyPath);
        Assert.Equal("tls.crt.pem", second.TlsCertificatePath);
        Assert.Equal("tls.key.pem", second.TlsKeyPath);
        Assert.Equal("127.0.0.1:7310", second.PeerEndpoint);
        Assert.Equal("127.0.0.1:7311", second.ClientEndpoint);
        Assert.Equal("127.0.0.1:7312", second.MetricsEndpoint);
        Assert.Equal(["../../orgs/org1/crl.pem", "../../orgs/org2/crl.pem"], second.CrlPaths);
        Assert.All(second.CrlPaths, p => Assert.True(File.Exists(Path.Combine(_root, "nodes", "org1-v2", p))));
        Assert.Equal(
            [("org1-v1", "127.0.0.1:7300"), ("org2-v1", "127.0.0.1:7320"), ("org2-v2", "127.0.0.1:7330")],
            second.Peers.Select(p => (p.Name, p.Endpoint)));
    }

    [Fact]
    public void Build_KeysAndCertificates_MatchGenesisAndValidate()
    {
        TestnetBuilder.Build(_root, new TestnetOptions { Now = Now, Organisations = 2, MembersPerOrganisation = 1 });
        GenesisDocument genesis = GenesisDocument.Load(Path.Combine(_root, "genesis.json"));
        var validator = CertificateValidator.FromPem(genesis.Organisations.Select(o => o.CaCertificatePem));
        DateTimeOffset genesisTime = DateTimeOffset.FromUnixTimeMilliseconds(genesis.GenesisTimeMs);

        foreach (GenesisValidator v in genesis.Validators)
        {
            string nodeDir = Path.Combine(_root, "nodes", v.Name);
            using SigningKey key = KeyFile.ImportSigningKey(File.ReadAllText(Path.Combine(nodeDir, "signing.key.pem")));
            CertificateValidationResult signing = validator.ValidatePem(v.SigningCertificatePem, genesisTime, CertificatePurpose.Signing, CertificateRole.Validator);
            Assert.True(signing.IsValid, signing.ToString());
            Assert.Equal(key.PublicKey, signing.Identity.SigningKey);
            Assert.Equal(v.PublicKey, key.PublicKey.ToHex());

            using var tls = TlsCertificates.LoadFiles(Path.Combine(nodeDir, "tls.crt.pem"), Path.Combine(nodeDir, "tls.key.pem"));
            CertificateValidationResult tlsResult = validator.Validate(tls, genesisTime, CertificatePurpose.Tls, CertificateRole.Validator);
            Assert.True(tlsResult.IsValid, tlsResult.ToString());
            Assert.Equal(v.Name, tlsResult.Identity.Name);
        }

        foreach (GenesisMember m in genesis.Members)
        {
            using SigningKey key = KeyFile.ImportSigningKey(File.ReadAllText(Path.Combine(_root, "members", m.Name, "key.pem")));
            CertificateValidationResult result = validator.ValidatePem(m.CertificatePem, genesisTime, CertificatePurpose.Signing, CertificateRole.Member);
            Assert.True(result.IsValid, result.ToString());
            Assert.Equal(key.PublicKey, result.Identity.SigningKey);
        }

        string adminPem = File.ReadAllText(Path.Combine(_root, "orgs", "org2", "admin.crt.pem"));
        Assert.True(validator.ValidatePem(adminPem, genesisTime, CertificatePurpose.Signing, CertificateRole.Admin).IsValid);
        OrganisationCrl crl = OrganisationCrl.Parse(File.ReadAllText(Path.Combine(_root, "orgs", "org1", "crl.pem")));
        Assert.Empty(crl.RevokedSerials);
        Assert.True(crl.IsSignedBy(PkiPem.ParseCertificate(genesis.Organisations[0].CaCertificatePem)));
        Assert.NotNull(OrganisationCa.Load(
            File.ReadAllText(Path.Combine(_root, "orgs", "org1", "ca.crt.pem")), File.ReadAllText(Path.Combine(_root, "orgs", "org1", "ca.key.pem"))));
    }

    [Fact]
    public void Build_Twice_RefusesAndKeepsExistingKeys()
    {
        TestnetBuilder.Build(_root, new TestnetOptions { Now = Now, Organisations = 1, MembersPerOrganisation = 1 });
        string keyPath = Path.Combine(_root, "nodes", "org1-v1", "signing.key.pem");
        string before = File.ReadAllText(keyPath);

        Assert.Throws<IOException>(() => TestnetBuilder.Build(_root, new TestnetOptions { Now = Now, Organisations = 1 }));

        Assert.Equal(before, File.ReadAllText(keyPath));
    }

    [Theory]
    [InlineData(0, 1, 7100)]
    [InlineData(4, 0, 7100)]
    [InlineData(4, 1, 65530)]
    [InlineData(4, 1, 80)]
    public void Build_BadOptions_ThrowAndWriteNothing(int orgs, int validatorsPerOrg, int basePort)
    {
        var options = new TestnetOptions { Now = Now, Organisations = orgs, ValidatorsPerOrganisation = validatorsPerOrg, BasePort = basePort };

        Assert.Throws<ArgumentException>(() => TestnetBuilder.Build(_root, options));
        Assert.False(Directory.Exists(_root));
    }

    [Fact]
    public void Build_HostPerValidator_ListensOnEveryInterfaceAndPeersDialHostNames()
    {
        string[] hosts = ["org1-v1", "org2-v1", "org3-v1", "org4-v1"];
        TestnetResult result = TestnetBuilder.Build(_root, new TestnetOptions { Now = Now, Hosts = hosts });

        for (int i = 0; i < hosts.Length; i++)
        {
            NodeConfig config = NodeConfig.FromJson(File.ReadAllText(result.NodeConfigPaths[i]));
            Assert.Equal("0.0.0.0:7100", config.PeerEndpoint);
            Assert.Equal("0.0.0.0:7101", config.ClientEndpoint);
            Assert.Equal("0.0.0.0:7102", config.MetricsEndpoint);
            Assert.Equal(hosts.Where((_, j) => j != i).Select(h => h + ":7100"), config.Peers.Select(p => p.Endpoint));
            Assert.Equal(hosts[i], result.Addresses[i].Host);
        }
    }

    [Fact]
    public void Build_TwoValidatorsOnOneHost_GetDistinctPorts()
    {
        TestnetResult result = TestnetBuilder.Build(_root, new TestnetOptions
        {
            Now = Now,
            Organisations = 2,
            ValidatorsPerOrganisation = 2,
            Hosts = ["alpha", "alpha", "beta", "10.0.0.7"],
        });

        Assert.Equal([7100, 7110, 7100, 7100], result.Addresses.Select(a => a.PeerPort));
        NodeConfig second = NodeConfig.FromJson(File.ReadAllText(result.NodeConfigPaths[1]));
        Assert.Equal("0.0.0.0:7111", second.ClientEndpoint);
        Assert.Equal(["alpha:7100", "beta:7100", "10.0.0.7:7100"], second.Peers.Select(p => p.Endpoint));
    }

    [Theory]
    [InlineData("a,b,c")]
    [InlineData("a,b,c,d,e")]
    [InlineData("a,b,c,not a host")]
    [InlineData("a,b,c,under_score!")]
    public void Build_BadHosts_ThrowAndWriteNothing(string hosts)
    {
        var options = new TestnetOptions { Now = Now, Hosts = hosts.Split(',') };

        Assert.Throws<ArgumentException>(() => TestnetBuilder.Build(_root, options));
        Assert.False(Directory.Exists(_root));
    }
}
