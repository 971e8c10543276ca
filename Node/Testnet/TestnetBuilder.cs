using System.Globalization;
using Ledger.Crypto.Keys;
using Ledger.Crypto.Pki;
using Ledger.Genesis;
using Ledger.Node.Configuration;
using Ledger.Node.Runtime;
using Ledger.Storage;

namespace Ledger.Node.Testnet;

/// <summary>
/// Builds a local test network in one folder, the layout every tool relies on:
/// <code>
/// DIR/genesis.json
/// DIR/orgs/&lt;org&gt;/ca.crt.pem, ca.key.pem, crl.pem, admin.crt.pem, admin.key.pem
/// DIR/nodes/&lt;validator&gt;/node.json, signing.key.pem, signing.crt.pem, tls.crt.pem, tls.key.pem
/// DIR/nodes/&lt;validator&gt;/data/safety.bin (the validator's first safety record, <see cref="InitialSafetyRecord"/>)
/// DIR/members/&lt;member&gt;/key.pem, cert.pem
/// </code>
/// Names are org1..orgN, org1-v1.., org1-m1..; keys are unencrypted (a testnet is disposable;
/// `ledger pki` encrypts keys on request). A folder that already holds a testnet is refused.
/// </summary>
public static class TestnetBuilder
{
    public const string OrgsFolder = "orgs";
    public const string NodesFolder = "nodes";
    public const string MembersFolder = "members";

    /// <summary>Each node's data folder, beside its node.json (<c>dataDir</c>).</summary>
    public const string DataFolder = "data";

    public static bool HoldsTestnet(string directory) =>
        File.Exists(Path.Combine(directory, PkiLayout.GenesisFile))
        || System.IO.Directory.Exists(Path.Combine(directory, OrgsFolder))
        || System.IO.Directory.Exists(Path.Combine(directory, NodesFolder))
        || System.IO.Directory.Exists(Path.Combine(directory, MembersFolder));

    public static TestnetResult Build(string directory, TestnetOptions options)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        string root = Path.GetFullPath(directory);
        if (HoldsTestnet(root))
        {
            throw new IOException($"'{root}' already holds a testnet (genesis.json, orgs/, nodes/ or members/); refusing to overwrite it");
        }

        DateTimeOffset now = options.Now ?? DateTimeOffset.UtcNow;
        now = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds());

        // Back-date certificates a little so a node whose clock is slightly behind, or a block
        // timestamped at genesis, still finds them valid.
        DateTimeOffset notBefore = now.AddHours(-1);
        DateTimeOffset notAfter = now.AddDays(options.ValidityDays);

        var files = new List<PlannedFile>();
        var organisations = new List<GenesisOrganisation>();
        var validators = new List<(IssuedIdentity Identity, string Organisation)>();
        var members = new List<GenesisMember>();
        var memberDirectories = new List<string>();
        var disposables = new List<IssuedIdentity>();
        try
        {
            for (int o = 1; o <= options.Organisations; o++)
            {
                string org = "org" + o.ToString(CultureInfo.InvariantCulture);
                string orgDir = Path.Combine(root, OrgsFolder, org);
                var ca = OrganisationCa.Create(org, now.AddDays(-1), now.AddYears(10));
                organisations.Add(new GenesisOrganisation { Name = org, CaCertificatePem = ca.CertificatePem });
                files.Add(new PlannedFile(Path.Combine(orgDir, PkiLayout.CaCertificateFile), ca.CertificatePem, false));
                files.Add(new PlannedFile(Path.Combine(orgDir, PkiLayout.CaKeyFile), ca.ExportKeyPem(), true));
                files.Add(new PlannedFile(Path.Combine(orgDir, PkiLayout.CrlFile), ca.IssueCrl([], now, now.AddDays(365), 0).ToPem(), false));

                IssuedIdentity admin = Track(disposables, IssuedIdentity.Issue(ca, org + "-admin", CertificateRole.Admin, notBefore, notAfter));
                files.Add(new PlannedFile(Path.Combine(orgDir, PkiLayout.AdminCertificateFile), admin.CertificatePem, false));
                files.Add(new PlannedFile(Path.Combine(orgDir, PkiLayout.AdminKeyFile), KeyFile.ExportSigningKey(admin.Key), true));

                for (int v = 1; v <= options.ValidatorsPerOrganisation; v++)
                {
                    string name = $"{org}-v{v.ToString(CultureInfo.InvariantCulture)}";
                    IssuedIdentity validator = Track(disposables, IssuedIdentity.Issue(ca, name, CertificateRole.Validator, notBefore, notAfter));
                    validators.Add((validator, org));
                    files.AddRange(validator.Files(Path.Combine(root, NodesFolder, name), passphrase: null));
                }

                for (int m = 1; m <= options.MembersPerOrganisation; m++)
                {
                    string name = $"{org}-m{m.ToString(CultureInfo.InvariantCulture)}";
                    IssuedIdentity member = Track(disposables, IssuedIdentity.Issue(ca, name, CertificateRole.Member, notBefore, notAfter));
                    string memberDir = Path.Combine(root, MembersFolder, name);
                    files.AddRange(member.Files(memberDir, passphrase: null));
                    memberDirectories.Add(memberDir);
                    members.Add(new GenesisMember
                    {
                        Name = name,
                        Organisation = org,
                        PublicKey = member.Key.PublicKey.ToHex(),
                        CertificatePem = member.CertificatePem,
                        Balance = options.MemberBalance,
                    });
                }
            }

            var genesis = new GenesisDocument
            {
                ChainId = options.ChainId,
                GenesisTimeMs = now.ToUnixTimeMilliseconds(),
                Organisations = organisations,
                Validators = validators.Select(v => new GenesisValidator
                {
                    Name = v.Identity.Name,
                    Organisation = v.Organisation,
                    PublicKey = v.Identity.Key.PublicKey.ToHex(),
                    SigningCertificatePem = v.Identity.CertificatePem,
                    TlsCertificatePem = v.Identity.Tls!.CertificatePem,
                }).ToList(),
                Members = members,
                Parameters = options.Parameters ?? new LedgerParameters(),
            };

            string genesisPath = Path.Combine(root, PkiLayout.GenesisFile);
            files.Add(new PlannedFile(genesisPath, genesis.ToJson() + "\n", false));
            var configPaths = new List<string>();
            for (int i = 0; i < validators.Count; i++)
            {
                string name = validators[i].Identity.Name;
                string configPath = Path.Combine(root, NodesFolder, name, PkiLayout.NodeConfigFile);
                NodeConfig config = NodeConfigFor(validators.Select(v => v.Identity.Name).ToList(), i, options) with
                {
                    // Every organisation's CRL, so `ledger pki revoke` reaches running nodes.
                    CrlPaths = organisations.Select(o => $"../../{OrgsFolder}/{o.Name}/{PkiLayout.CrlFile}").ToList(),
                };
                files.Add(new PlannedFile(configPath, config.ToJson() + "\n", false));
                configPaths.Add(configPath);
            }

            PkiLayout.WriteAllNew(files);

            // Each validator's first safety record, so that at start a missing one means a lost one.
            for (int i = 0; i < validators.Count; i++)
            {
                string dataDirectory = Path.Combine(root, NodesFolder, validators[i].Identity.Name, DataFolder);
                InitialSafetyRecord.Write(dataDirectory, validators[i].Identity.Key.PublicKey, OsFileDurability.Instance);
            }

            return new TestnetResult
            {
                Directory = root,
                Genesis = genesis,
                Addresses = Addresses(options, validators.Count),
                GenesisPath = genesisPath,
                NodeConfigPaths = configPaths,
                MemberDirectories = memberDirectories,
            };
        }
        finally
        {
            foreach (IssuedIdentity identity in disposables)
            {
                identity.Dispose();
            }
        }
    }

    /// <summary>host:port of validator <paramref name="index"/>'s peer, client or metrics endpoint (offset 0, 1, 2) on a one-machine testnet.</summary>
    public static string Endpoint(int basePort, int index, int offset) =>
        "127.0.0.1:" + Port(basePort, index, offset).ToString(CultureInfo.InvariantCulture);

    /// <summary>Where each validator (genesis order) is reached and listens; see <see cref="TestnetOptions.BasePort"/>.</summary>
    public static IReadOnlyList<ValidatorAddress> Addresses(TestnetOptions options, int validators)
    {
        ArgumentNullException.ThrowIfNull(options);
        var addresses = new List<ValidatorAddress>(validators);
        var onHost = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < validators; i++)
        {
            string host = options.Hosts?[i] ?? "127.0.0.1";
            int slot = onHost.GetValueOrDefault(host);
            onHost[host] = slot + 1;
            addresses.Add(new ValidatorAddress(host, options.Hosts is null ? host : "0.0.0.0", Port(options.BasePort, slot, 0)));
        }

        return addresses;
    }

    private static int Port(int basePort, int slot, int offset) => basePort + (10 * slot) + offset;

    private static NodeConfig NodeConfigFor(IReadOnlyList<string> names, int index, TestnetOptions options)
    {
        IReadOnlyList<ValidatorAddress> addresses = Addresses(options, names.Count);
        ValidatorAddress own = addresses[index];
        return new NodeConfig
        {
        Name = names[index],
        GenesisPath = "../../" + PkiLayout.GenesisFile,
        DataDir = DataFolder,
        SigningKeyPath = PkiLayout.SigningKeyFile,
        TlsCertificatePath = PkiLayout.TlsCertificateFile,
        TlsKeyPath = PkiLayout.TlsKeyFile,
            PeerEndpoint = own.Listen(own.PeerPort),
            ClientEndpoint = own.Listen(own.ClientPort),
            MetricsEndpoint = own.Listen(own.MetricsPort),
            Peers = names.Select((name, i) => (name, i)).Where(p => p.i != index)
                .Select(p => new PeerConfig { Name = p.name, Endpoint = addresses[p.i].Dial(addresses[p.i].PeerPort) }).ToList(),
            Timing = options.Timing ?? new ConsensusTimingConfig(),
        };
    }

    private static IssuedIdentity Track(List<IssuedIdentity> disposables, IssuedIdentity identity)
    {
        disposables.Add(identity);
        return identity;
    }
}
