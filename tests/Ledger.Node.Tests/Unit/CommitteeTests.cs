using Ledger.Node.Runtime;
using Ledger.Node.Testnet;

namespace Ledger.Node.Tests.Unit;

public sealed class CommitteeTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "committee-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Validators_FromGenesis_LeadRoundRobinInGenesisOrder()
    {
        // Only the simulator scripts leaders; a node's committee comes from genesis and rotates.
        var testnet = TestnetBuilder.Build(_root, new TestnetOptions { MembersPerOrganisation = 0 });
        var committee = new Committee(testnet.Genesis);

        for (ulong round = 1; round <= 64; round++)
        {
            Assert.Equal((int)(round % (ulong)committee.Count), committee.Validators.LeaderOf(round));
        }

        Assert.Equal("org2-v1", committee.NameOf(committee.Validators.LeaderOf(1)));
    }
}
