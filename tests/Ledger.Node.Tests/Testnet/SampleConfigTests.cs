using Ledger.Crypto.Pki;
using Ledger.Genesis;
using Ledger.Node.Configuration;

namespace Ledger.Node.Tests.Testnet;

/// <summary>The annotated samples in configs/ must keep loading with the real models.</summary>
public sealed class SampleConfigTests
{
    [Fact]
    public void SampleGenesis_LoadsAndItsCertificatesValidate()
    {
        GenesisDocument genesis = GenesisDocument.FromJson(File.ReadAllText(Path.Combine(ConfigsFolder(), "genesis.json")));
        var validator = CertificateValidator.FromPem(genesis.Organisations.Select(o => o.CaCertificatePem));
        DateTimeOffset at = DateTimeOffset.FromUnixTimeMilliseconds(genesis.GenesisTimeMs);

        Assert.Equal("sample-chain", genesis.ChainId);
        Assert.Equal(4, genesis.Validators.Count);
        Assert.Equal((2_000L, 5_000L), (genesis.Consensus.BlockTimeAheadMs, genesis.Consensus.BlockTimeBehindMs));
        Assert.All(genesis.Validators, v =>
        {
            CertificateValidationResult result = validator.ValidatePem(v.SigningCertificatePem, at, CertificatePurpose.Signing, CertificateRole.Validator);
            Assert.True(result.IsValid, result.ToString());
            Assert.Equal(v.PublicKey, result.Identity.SigningKey!.Value.ToHex());
            Assert.True(validator.ValidatePem(v.TlsCertificatePem, at, CertificatePurpose.Tls, CertificateRole.Validator).IsValid);
        });
    }

    [Fact]
    public void SampleNodeConfig_Loads()
    {
        NodeConfig config = NodeConfig.FromJson(File.ReadAllText(Path.Combine(ConfigsFolder(), "node.json")));

        Assert.Equal("org1-v1", config.Name);
        Assert.Equal(3, config.Peers.Count);
        Assert.Equal("127.0.0.1:7100", config.PeerEndpoint);
        Assert.Equal(4, config.CrlPaths.Count);
        Assert.Equal(new Hosting.NodeLogSettings(Serilog.Events.LogEventLevel.Information, false, null), Hosting.NodeLogSettings.Resolve(config, _ => null));
        Assert.Equal(new NodeLimitsConfig(), config.Limits);
        Assert.Equal(new NodeStorageConfig(), config.Storage);
        Assert.Null(config.Timing.MempoolCapacity);
        Assert.Equal(30, config.CertificateExpiryWarningDays);
    }

    [Fact]
    public void LedgerAssembly_NameDoesNotCollideWithCliAssembly()
    {
        // Assembly names compare case-insensitively at run time; a Ledger assembly named "Ledger"
        // would be shadowed by the CLI's "ledger" assembly and its types would fail to load there.
        Assert.NotEqual("ledger", typeof(GenesisDocument).Assembly.GetName().Name, StringComparer.OrdinalIgnoreCase);
    }

    private static string ConfigsFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ledger.sln")))
            {
                return Path.Combine(dir.FullName, "configs");
            }
        }

        throw new InvalidOperationException("repository root (Ledger.sln) not found above the test output folder");
    }
}
