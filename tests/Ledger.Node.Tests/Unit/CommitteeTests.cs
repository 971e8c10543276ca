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

    [Fact]
    public void Enter_LaterEpoch_ReplacesNamesIndicesAndKeys()
    {
        var testnet = TestnetBuilder.Build(_root, new TestnetOptions { Organisations = 5, MembersPerOrganisation = 0 });
        var committee = new Committee(EpochRosters.Of(testnet, 0, "org1", "org2", "org3", "org4"));
        EpochRoster? seen = null;
        committee.Changed += roster => seen = roster;

        var changed = committee.Enter(EpochRosters.Of(testnet, 1, "org2", "org3", "org4", "org5"));

        Assert.True(changed);
        Assert.Equal(1UL, committee.Epoch);
        Assert.Same(committee.Current, seen);
        Assert.Equal(["org2-v1", "org3-v1", "org4-v1", "org5-v1"], committee.Current.Names);
        Assert.Equal(-1, committee.IndexOf("org1-v1"));
        Assert.Equal(3, committee.IndexOf("org5-v1"));
        Assert.Equal("org5-v1", committee.NameOf(3));
        Assert.Equal(testnet.Genesis.Validators.Single(v => v.Name == "org5-v1").PublicKey, committee.Validators.KeyOf(3).ToHex());
    }

    [Fact]
    public void Enter_SameOrOlderEpoch_IsIgnored()
    {
        var testnet = TestnetBuilder.Build(_root, new TestnetOptions { Organisations = 5, MembersPerOrganisation = 0 });
        var committee = new Committee(EpochRosters.Of(testnet, 2, "org1", "org2", "org3", "org4"));

        Assert.False(committee.Enter(EpochRosters.Of(testnet, 2, "org1", "org2", "org3", "org4", "org5")));
        Assert.False(committee.Enter(EpochRosters.Of(testnet, 1, "org1", "org2", "org3", "org4", "org5")));
        Assert.Equal(4, committee.Count);
    }
}
