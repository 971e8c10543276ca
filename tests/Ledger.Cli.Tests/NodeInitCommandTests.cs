using Ledger.Consensus.Safety;
using Ledger.Crypto.Keys;
using Ledger.Node.Runtime;
using Ledger.Storage;

namespace Ledger.Cli.Tests;

/// <summary>`ledger node init`: a validator set up by hand gets its first safety record once, into an empty data folder.</summary>
public sealed class NodeInitCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "node-init-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void NodeInit_EmptyDataFolder_WritesTheInitialRecordNamingTheKeyAndRefusesASecondTime()
    {
        Assert.Equal(0, CliRunner.Run("testnet", "init", "--out", _dir, "--members-per-org", "0").ExitCode);
        string nodeFolder = Path.Combine(_dir, "nodes", "org1-v1");
        string config = Path.Combine(nodeFolder, "node.json");
        string data = Path.Combine(nodeFolder, "data");
        Directory.Delete(data, recursive: true);

        (int code, string output, _) = CliRunner.Run("node", "init", "--config", config);
        (int again, _, string error) = CliRunner.Run("node", "init", "--config", config);

        Assert.Equal(0, code);
        Assert.Contains("wrote the initial safety record", output, StringComparison.Ordinal);
        using var signingKey = KeyFile.ImportSigningKey(File.ReadAllText(Path.Combine(nodeFolder, "signing.key.pem")));
        var store = new SafetyStore(data, OsFileDurability.Instance, signingKey.PublicKey.ToArray());
        Assert.Equal(SafetyData.Initial, StartSafetyData.Read(store, new Ledger.Consensus.ValidatorSet([signingKey.PublicKey]), signingKey.PublicKey, out StartRecord found));
        Assert.Equal(StartRecord.Own, found);
        Assert.Equal(2, again);
        Assert.Contains("is not empty", error, StringComparison.Ordinal);
    }
}
