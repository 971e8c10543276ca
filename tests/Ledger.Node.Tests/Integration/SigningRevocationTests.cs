using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ledger.Consensus.Codec;
using Ledger.Consensus.Messages;
using Ledger.Crypto;
using Ledger.Crypto.Keys;
using Ledger.Node.Protos.Replica;
using Ledger.Node.Testnet;
using Xunit.Abstractions;

namespace Ledger.Node.Tests.Integration;

/// <summary>
/// Four real validator processes on 127.0.0.1 (ports 8300-8332). org4's admin revokes org4-v1's
/// consensus signing certificate (its TLS certificate stays valid) on the ledger with `ledger pki
/// revoke` (to a CRL file no node reads) and `ledger wallet revoke --crl`: the other three keep committing, org4-v1 says it stopped signing
/// and still follows the chain, and a vote signed with the revoked key, delivered over org4-v1's
/// still-valid TLS identity, is refused and counted by the validator it reaches.
/// </summary>
[Trait("Category", "Integration")]
[Collection(ProcessClusterCollection.Name)]
public sealed partial class SigningRevocationTests(ITestOutputHelper output)
{
    private const string Revoked = "org4-v1";
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task CommittedRevoke_OfValidatorSigningCertificate_OthersCommitAndItStopsSigning()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ct = timeout.Token;
        await using var cluster = new ClusterHarness(basePort: 8300);
        var names = cluster.Network.Validators.Select(v => v.Name).ToList();
        var others = names.Where(n => n != Revoked).ToList();
        cluster.Network.StartAll();
        await cluster.WaitAsync(names, s => s.All(x => x.CommittedHeight >= 2), Step, "network start", ct);

        var orgFolder = Path.Combine(cluster.Network.Directory, TestnetBuilder.OrgsFolder, "org4");
        var nodeFolder = Path.GetDirectoryName(cluster.Network.Validators.Single(v => v.Name == Revoked).ConfigPath)!;
        // The CRL is written apart from the crl.pem the nodes are configured to read, so only the ledger tells them.
        var crlPath = Path.Combine(cluster.ProfileFolder("admin"), "org4-crl.pem");
        Directory.CreateDirectory(Path.GetDirectoryName(crlPath)!);
        var crl = await CliRun.LedgerAsync("pki", "revoke", "--ca", orgFolder, "--cert", Path.Combine(nodeFolder, PkiLayout.SigningCertificateFile), "--crl", crlPath);
        Assert.True(crl.ExitCode == 0, crl.Error);
        var revoke = await CliRun.LedgerAsync(
            "wallet", "revoke", "--crl", crlPath, "--profile", cluster.ProfileFolder("admin"),
            "--genesis", cluster.Network.GenesisPath, "--node", cluster.ClientEndpoint(others[0]), "--node", cluster.ClientEndpoint(others[1]), "--json");
        output.WriteLine($"wallet revoke: exit {revoke.ExitCode}\n{revoke.Output}\n{revoke.Error}");
        Assert.Equal(0, revoke.ExitCode);
        Assert.Equal("committed", JsonDocument.Parse(revoke.Output).RootElement.GetProperty("outcome").GetString());

        // org4-v1 learns of it when the block commits and stops signing, saying so in its mode's reason.
        await cluster.WaitAsync([Revoked], s => s[0].ModeReason.Contains("not signing", StringComparison.Ordinal), Step, "org4-v1 stops signing", ct);
        var stopped = await cluster.StatusAsync(Revoked, ct);
        output.WriteLine($"{Revoked}: mode {stopped.Mode} ({stopped.ModeReason})");
        Assert.Contains("revoked (Ledger)", stopped.ModeReason, StringComparison.Ordinal);

        // The other three keep committing transfers without it; it keeps following (syncing) the chain.
        var before = (await cluster.StatusAsync(others[0], ct)).CommittedHeight;
        await cluster.SendAsync(30, ct);
        await cluster.WaitAsync(others, s => s.All(x => x.CommittedHeight >= before + 5), Step, "commits without org4-v1's votes", ct);
        await cluster.WaitAsync([Revoked], s => s[0].CommittedHeight >= before + 3, Step, "org4-v1 follows", ct);
        Assert.Equal(1, await MetricAsync(cluster, Revoked, "ledger_signing_stopped", ct));
        Assert.True(await MetricAsync(cluster, Revoked, "ledger_signed_messages_withheld_total", ct) > 0);

        // A vote signed with the revoked key (a stolen copy), sent over org4-v1's valid TLS identity: refused and counted.
        var target = others[0];
        var refusedBefore = await MetricAsync(cluster, target, "ledger_consensus_messages_refused_total", ct);
        await PeerCalls.DeliverAsync(nodeFolder, PeerPort(cluster, target), MessageKind.Vote, StolenKeyVote(cluster, nodeFolder));
        var started = DateTimeOffset.UtcNow;
        while (await MetricAsync(cluster, target, "ledger_consensus_messages_refused_total", ct) <= refusedBefore && DateTimeOffset.UtcNow - started < Step)
        {
            await Task.Delay(200, ct);
        }

        var refused = await MetricAsync(cluster, target, "ledger_consensus_messages_refused_total", ct);
        output.WriteLine($"{target}: {refused} consensus messages refused (signerRevoked), {refusedBefore} before the stolen-key vote");
        Assert.True(refused > refusedBefore, $"{target} did not count the revoked signer's vote as refused");
    }

    private static byte[] StolenKeyVote(ClusterHarness cluster, string nodeFolder)
    {
        using var key = KeyFile.ImportSigningKey(File.ReadAllText(Path.Combine(nodeFolder, PkiLayout.SigningKeyFile)));
        var index = cluster.Network.Genesis.Validators.ToList().FindIndex(v => v.Name == Revoked);
        var data = new VoteData(Hash32.Sha256("a block"u8), 1_000_000, 1_000_000, Hash32.Sha256("its parent"u8), 999_999, Hash32.Sha256("a root"u8));
        return ConsensusCodec.Encode(Vote.Create(cluster.Network.Genesis.ChainId, data, index, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), key));
    }

    private static int PeerPort(ClusterHarness cluster, string validator) =>
        Node.Configuration.HostPort.Parse(cluster.Network.Validators.Single(v => v.Name == validator).Config.PeerEndpoint).Port;

    /// <summary>The sum of a metric's series (all label values) as the node exports it.</summary>
    private static async Task<double> MetricAsync(ClusterHarness cluster, string validator, string name, CancellationToken ct)
    {
        var endpoint = cluster.Network.Validators.Single(v => v.Name == validator).Config.MetricsEndpoint!;
        using var http = new HttpClient();
        var text = await http.GetStringAsync(new Uri($"http://{endpoint}/metrics"), ct);
        return Series().Matches(text).Where(m => m.Groups["name"].Value == name).Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"(?m)^(?<name>[a-z_]+)(\{[^}]*\})? (?<value>\S+)$")]
    private static partial Regex Series();
}
