using Ledger.Genesis;
using Ledger.Node.Configuration;
using Ledger.Node.Hosting;
using Ledger.Node.Testnet;

namespace Ledger.Node.Tests.Unit;

public sealed class GenesisPayloadCheckTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "genesis-payload-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void Problems_DefaultParameters_None()
    {
        Assert.Empty(GenesisPayloadCheck.Problems(new LedgerParameters(), NodeHost.ConsensusMaxPayloadBytes));
    }

    [Fact]
    public void Problems_LargestTransactionExactlyFillsThePayload_None()
    {
        // One transaction's payload: u32 count, u32 length, the transaction.
        Assert.Empty(GenesisPayloadCheck.Problems(new LedgerParameters { MaxTransactionBytes = 1000 - 8 }, 1000));
    }

    [Fact]
    public void Problems_LargestTransactionOneByteOverThePayloadCap_Refused()
    {
        var problem = Assert.Single(GenesisPayloadCheck.Problems(new LedgerParameters { MaxTransactionBytes = 1000 - 7 }, 1000));

        Assert.Contains("maxTransactionBytes is 993", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_NonPositiveLimits_EachListed()
    {
        Assert.Equal(2, GenesisPayloadCheck.Problems(new LedgerParameters { MaxBlockTransactions = 0, MaxTransactionBytes = -1 }, 1000).Count);
    }

    [Fact]
    public void Build_GenesisWhoseTransactionCannotFitAProposal_RefusedBeforeAnythingStarts()
    {
        var net = TestnetBuilder.Build(_root, new TestnetOptions
        {
            BasePort = 9480,
            MembersPerOrganisation = 0,
            Parameters = new LedgerParameters { MaxTransactionBytes = NodeHost.ConsensusMaxPayloadBytes },
        });

        var refused = Assert.Throws<NodeConfigException>(() => NodeHost.Build(net.NodeConfigPaths[0], new Serilog.LoggerConfiguration().CreateLogger()));

        Assert.Contains(refused.Errors, e => e.Contains("no leader could ever propose it", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(Path.GetDirectoryName(net.NodeConfigPaths[0])!, "data", "ledger")));
    }
}
