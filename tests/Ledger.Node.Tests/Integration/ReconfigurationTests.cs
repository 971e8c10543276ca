using System.Globalization;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Grpc.Net.Client;
using Ledger.Client.Evidence;
using Ledger.Client.Nodes;
using Ledger.Client.Protos;
using Ledger.Crypto;
using Ledger.Crypto.Keys;
using Ledger.Crypto.Pki;
using Ledger.Node.Testnet;
using Ledger.Transactions;
using Xunit.Abstractions;

namespace Ledger.Node.Tests.Integration;

/// <summary>
/// Validator-set changes on real processes (ports 8900-8950, 8955 and 8960-8999): four organisations under a steady
/// transfer load add a fifth (made with the testnet but left out of genesis); its node, started
/// empty, follows, crosses the boundary by sync and signs in epoch 1 (the network commits with one
/// of the original four stopped, which needs its votes); an org5 member enrols in epoch 1; then org4 is removed and its node is
/// refused by the others. Every acknowledged transfer is committed exactly once, every node holds
/// the same block and state root at one height, and no equivocation is recorded. And a validator's
/// consensus key is rotated: restarted with the old key its node refuses to start, with the new one
/// it resumes in epoch 1 and its votes are needed to commit; the real wallet (`ledger wallet tx`)
/// then proves epoch 1 from genesis and shows a transfer of epoch 1 as VERIFIED, and not through a
/// node that tampers with the epoch-change proof; `ledger validators sign` checks against epoch 1.
/// </summary>
[Trait("Category", "Integration")]
[Collection(ProcessClusterCollection.Name)]
public sealed partial class ReconfigurationTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task AddThenRemoveOrganisation_UnderLoad_NewcomerSignsRemovedIsRefusedNothingLost()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ct = timeout.Token;
        await using var cluster = new ClusterHarness(basePort: 8900, organisations: 4, spareOrganisations: 1);
        using var clients = new Clients(cluster);
        var original = cluster.Network.Genesis.Validators.Select(v => v.Name).ToList();
        const string Newcomer = "org5-v1";
        const string Removed = "org4-v1";
        foreach (var name in original)
        {
            cluster.Network.Start(name);
        }

        await cluster.WaitAsync(original, s => s.All(x => x.CommittedHeight >= 2), Step, "network start", ct);
        var started = DateTimeOffset.UtcNow;

        // A steady load on the validators that stay to the end (org4's node is stopped midway).
        var loadTargets = original.Where(n => n != Removed).ToList();
        using var stopLoad = new CancellationTokenSource();
        var load = Task.Run(async () =>
        {
            while (!stopLoad.IsCancellationRequested)
            {
                await cluster.SendAsync(8, ct, only: loadTargets);
                await Task.Delay(100, ct);
            }
        });

        // The newcomer's node starts before the change commits: it follows nothing yet (no validator
        // admits it) and is refused by the validators of epoch 0.
        cluster.Network.Start(Newcomer);
        Assert.True(PeerCalls.IsRefusal(await PeerCalls.DeliverGarbageAsync(NodeFolder(cluster, Newcomer), PeerPort(cluster, original[0]))));

        // (a) Add org5: approved by three of the four organisations' admins.
        await SubmitChangeAsync(cluster, original[0], Change(cluster, 1, [AddOrganisation(cluster, "org5", Newcomer)], "org1", "org2", "org3"), ct);
        await WaitForEpochAsync(cluster, [.. original, Newcomer], 1, ct);
        output.WriteLine($"epoch 1 on all five after {(DateTimeOffset.UtcNow - started).TotalSeconds:0.0} s");
        Assert.Equal(StatusCode(Grpc.Core.StatusCode.InvalidArgument), StatusCode((await PeerCalls.DeliverGarbageAsync(NodeFolder(cluster, Newcomer), PeerPort(cluster, original[0]))).StatusCode));

        // The added organisation enrols a member from epoch 1 on (its CA is in the committed roster).
        var enrolment = Enrolment(cluster, "org5", "org5-joined");
        var enrolled = await cluster.Network.Client(original[0]).SubmitTransferAsync(
            new SubmitTransferRequest { Transfer = ByteString.CopyFrom(enrolment.Encoded) }, deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: ct);
        output.WriteLine($"enrolment of an org5 member: {enrolled.Outcome} {enrolled.RejectionCode} {enrolled.Message}");
        Assert.Equal(SubmitOutcome.Accepted, enrolled.Outcome);

        // With org4's node stopped, four of five must vote for a QC: the newcomer's votes count.
        Assert.Equal(0, await cluster.Network.StopAsync(Removed));
        var before = (await clients.StatusAsync(original[0], ct)).CommittedHeight;
        await clients.WaitAsync([original[0], Newcomer], s => s.All(x => x.CommittedHeight >= before + 5), "commits that need the newcomer's votes", ct);

        // (b) Remove org4: approved by four of the five organisations' admins (the newcomer's among them).
        await SubmitChangeAsync(cluster, original[0], Change(cluster, 2, [new RemoveOrganisation("org4")], "org1", "org2", "org5", "org3"), ct);
        var remaining = original.Where(n => n != Removed).Append(Newcomer).ToList();
        await WaitForEpochAsync(cluster, remaining, 2, ct);
        output.WriteLine($"epoch 2 on the remaining four after {(DateTimeOffset.UtcNow - started).TotalSeconds:0.0} s");

        // The removed validator's node is refused by the others (its TLS identity names no validator of epoch 2).
        cluster.Network.Start(Removed);
        Assert.True(PeerCalls.IsRefusal(await PeerCalls.DeliverGarbageAsync(NodeFolder(cluster, Removed), PeerPort(cluster, original[0]))), "a removed validator's identity was admitted");
        before = (await clients.StatusAsync(original[0], ct)).CommittedHeight;
        await clients.WaitAsync(remaining, s => s.All(x => x.CommittedHeight >= before + 3), "commits in epoch 2", ct);

        await stopLoad.CancelAsync();
        await load;
        await clients.WaitAsync(remaining, s => s.All(x => x.MempoolSize == 0), "mempools drained", ct);
        var top = (await Task.WhenAll(remaining.Select(n => clients.StatusAsync(n, ct)))).Max(s => s.CommittedHeight);
        await clients.WaitAsync(remaining, s => s.All(x => x.CommittedHeight >= top), "all at one height", ct);
        output.WriteLine($"settled at height {top} after {(DateTimeOffset.UtcNow - started).TotalSeconds:0.0} s");

        // One head: every remaining node holds the same block and state root at the common height.
        var heads = new List<(Hash32 Block, Hash32 Root)>();
        foreach (var name in remaining)
        {
            heads.Add(await StoredBlockAsync(clients, name, top, ct) is var stored ? (stored.Block.Id, stored.Root) : default);
            Assert.Equal(0UL, (await clients.StatusAsync(name, ct)).Equivocations);
        }

        Assert.Single(heads.Distinct());

        // Exactly once: every acknowledged transfer appears once in the committed chain.
        var occurrences = new Dictionary<Hash32, int>();
        for (ulong height = 1; height <= top; height++)
        {
            var stored = await StoredBlockAsync(clients, original[0], height, ct);
            foreach (var transaction in PayloadCodec.Decode(stored.Block.Payload, PayloadLimits.From(cluster.Network.Genesis.Parameters)))
            {
                occurrences[transaction.Id] = occurrences.GetValueOrDefault(transaction.Id) + 1;
            }
        }

        Assert.Equal(1, occurrences.GetValueOrDefault(enrolment.Id));
        var lost = cluster.Accepted.Keys.Where(id => occurrences.GetValueOrDefault(id) != 1).ToList();
        output.WriteLine($"{cluster.Accepted.Count} accepted, chain height {top}; not accepted: {string.Join(", ", cluster.Refusals.Select(r => $"{r.Key} x{r.Value}"))}");
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged transfers not committed exactly once, e.g. {lost.FirstOrDefault().ToShortHex()}");
        Assert.True(cluster.Accepted.Count >= 50, $"only {cluster.Accepted.Count} transfers accepted under load");
    }

    [Fact]
    public async Task RotateConsensusKey_ValidatorRestartsWithTheNewKey_ItsVotesCountAndTheOldKeyIsRefused()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        await using var cluster = new ClusterHarness(basePort: 8960);
        using var clients = new Clients(cluster);
        var names = cluster.Network.Genesis.Validators.Select(v => v.Name).ToList();
        const string Rotated = "org3-v1";
        const string Stopped = "org4-v1";
        cluster.Network.StartAll();
        await clients.WaitAsync(names, s => s.All(x => x.CommittedHeight >= 2), "network start", ct);
        await cluster.SendAsync(40, ct);

        // A new consensus key for org3-v1, certified by org3's CA; approved by three organisations' admins.
        var nodeFolder = NodeFolder(cluster, Rotated);
        var orgFolder = Path.Combine(cluster.Directory, TestnetBuilder.OrgsFolder, "org3");
        var ca = OrganisationCa.Load(File.ReadAllText(Path.Combine(orgFolder, PkiLayout.CaCertificateFile)), File.ReadAllText(Path.Combine(orgFolder, PkiLayout.CaKeyFile)));
        using var fresh = IssuedIdentity.Issue(ca, Rotated, CertificateRole.Validator, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(30));
        using var old = KeyFile.ImportSigningKey(File.ReadAllText(Path.Combine(nodeFolder, PkiLayout.SigningKeyFile)));
        await SubmitChangeAsync(cluster, names[0], Change(cluster, 1, [new ReplaceConsensusKey(old.PublicKey, fresh.Key.PublicKey, fresh.Certificate.GetEncoded())], "org1", "org2", "org4"), ct);
        await WaitForEpochAsync(cluster, names, 1, ct);

        // Restarted with the old key, the node is refused at start: epoch 1 lists another key for it.
        Assert.Equal(0, await cluster.Network.StopAsync(Rotated));
        var refused = await CliRun.LedgerAsync("node", "run", "--config", cluster.Network.Validators.Single(v => v.Name == Rotated).ConfigPath);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("is not the key epoch 1 lists for 'org3-v1'", refused.Output + refused.Error, StringComparison.Ordinal);

        // With the new key it resumes in epoch 1 (from the ledger, not genesis) and, with org4's node
        // stopped, the other two need its votes (three of four) to commit.
        File.Delete(Path.Combine(nodeFolder, PkiLayout.SigningKeyFile));
        File.WriteAllText(Path.Combine(nodeFolder, PkiLayout.SigningKeyFile), KeyFile.ExportSigningKey(fresh.Key));
        cluster.Network.Start(Rotated);
        Assert.Equal(0, await cluster.Network.StopAsync(Stopped));
        var running = names.Where(n => n != Stopped).ToList();
        var before = (await clients.StatusAsync(names[0], ct)).CommittedHeight;
        var sentInEpochZero = cluster.Accepted.Keys.ToHashSet();
        await cluster.SendAsync(40, ct, only: running);
        await clients.WaitAsync(running, s => s.All(x => x.CommittedHeight >= before + 5 && x.MempoolSize == 0), "commits that need the rotated key's votes", ct);
        Assert.Equal(1, await MetricAsync(cluster, Rotated, "ledger_epoch", ct));

        // Its safety.bin names the old key, which epoch 1 no longer lists: the new key starts its own
        // record at once instead of abstaining (which, with org4 stopped, could never finish).
        var rotatedLog = await File.ReadAllTextAsync(Path.Combine(cluster.Network.LogDirectory, Rotated + ".log"), ct);
        Assert.Contains("a rotated key; the new key has signed nothing and starts its own record", rotatedLog, StringComparison.Ordinal);
        Assert.DoesNotContain("No safety record at start", rotatedLog, StringComparison.Ordinal);

        // The real wallet shows a transfer committed in epoch 1 as VERIFIED only with epoch 1's set
        // proven from genesis (QCs of epoch 1 carry the rotated key): it fetches the proof from the
        // node and keeps it in the profile.
        await WalletAcrossTheBoundaryAsync(cluster, names[0], cluster.Accepted.Keys.First(id => !sentInEpochZero.Contains(id)));

        var top = (await Task.WhenAll(running.Select(n => clients.StatusAsync(n, ct)))).Max(s => s.CommittedHeight);
        await clients.WaitAsync(running, s => s.All(x => x.CommittedHeight >= top), "all at one height", ct);
        var heads = new List<(Hash32, Hash32)>();
        foreach (var name in running)
        {
            var stored = await StoredBlockAsync(clients, name, top, ct);
            heads.Add((stored.Block.Id, stored.Root));
            Assert.Equal(0UL, (await clients.StatusAsync(name, ct)).Equivocations);
        }

        Assert.Single(heads.Distinct());
        var occurrences = new Dictionary<Hash32, int>();
        for (ulong height = 1; height <= top; height++)
        {
            foreach (var transaction in PayloadCodec.Decode((await StoredBlockAsync(clients, names[0], height, ct)).Block.Payload, PayloadLimits.From(cluster.Network.Genesis.Parameters)))
            {
                occurrences[transaction.Id] = occurrences.GetValueOrDefault(transaction.Id) + 1;
            }
        }

        Assert.All(cluster.Accepted.Keys, id => Assert.Equal(1, occurrences.GetValueOrDefault(id)));
    }

    private const int ProxyPort = 8955;

    private async Task WalletAcrossTheBoundaryAsync(ClusterHarness cluster, string node, Hash32 transferInEpochOne)
    {
        string genesis = cluster.Network.GenesisPath;
        string id = transferInEpochOne.ToHex();
        string proven = Path.Combine(cluster.Directory, "wallet-proven");
        string fresh = Path.Combine(cluster.Directory, "wallet-fresh");
        Directory.CreateDirectory(proven);
        Directory.CreateDirectory(fresh);

        var direct = await CliRun.LedgerAsync("wallet", "tx", id, "--profile", proven, "--genesis", genesis, "--node", cluster.ClientEndpoint(node));
        output.WriteLine($"wallet tx from {node}: exit {direct.ExitCode}: {direct.Output}{direct.Error}");
        Assert.Equal(0, direct.ExitCode);
        Assert.Contains("VERIFIED", direct.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(proven, EpochProofFile.FileName)), "the proven epoch was not kept in the profile");

        // Through a man in the middle that tampers with the epoch-change proofs: a profile without
        // the proofs must not print VERIFIED; one holding them (checked from genesis again) needs none.
        var identity = NodeFolder(cluster, node);
        await using var proxy = await TamperingProxy.StartAsync<EpochProofTamperingLedger>(
            ProxyPort, Path.Combine(identity, PkiLayout.TlsCertificateFile), Path.Combine(identity, PkiLayout.TlsKeyFile), cluster.ClientEndpoint(node), cluster.Network.Genesis);
        var tampered = await CliRun.LedgerAsync("wallet", "tx", id, "--profile", fresh, "--genesis", genesis, "--node", $"127.0.0.1:{ProxyPort}");
        output.WriteLine($"wallet tx through the tampering proxy, no proofs held: exit {tampered.ExitCode}: {tampered.Output}{tampered.Error}");
        Assert.Equal(6, tampered.ExitCode);
        Assert.DoesNotContain("VERIFIED", tampered.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(fresh, EpochProofFile.FileName)), "a refused proof was kept");

        var cached = await CliRun.LedgerAsync("wallet", "tx", id, "--profile", proven, "--genesis", genesis, "--node", $"127.0.0.1:{ProxyPort}");
        Assert.Equal(0, cached.ExitCode);
        Assert.Contains("VERIFIED", cached.Output, StringComparison.Ordinal);

        // `ledger validators sign` judges an admin by the current epoch's roster, proven from genesis
        // through the node (the fresh profile holds no proof): a change for epoch 2 is signed and
        // says it was checked against epoch 1; one still for epoch 1 is refused.
        var org1 = Path.Combine(cluster.Directory, TestnetBuilder.OrgsFolder, "org1");
        foreach (var (target, expected) in new[] { ("2", 0), ("1", 2) })
        {
            string change = Path.Combine(cluster.Directory, $"change-to-{target}.json");
            Assert.Equal(0, (await CliRun.LedgerAsync("validators", "propose", "--genesis", genesis, "--target-epoch", target, "--remove-org", "org4", "--out", change)).ExitCode);
            var signed = await CliRun.LedgerAsync("validators", "sign", "--profile", fresh, "--genesis", genesis, "--node", cluster.ClientEndpoint(node), "--change", change,
                "--key", Path.Combine(org1, PkiLayout.AdminKeyFile), "--cert", Path.Combine(org1, PkiLayout.AdminCertificateFile), "--json");
            output.WriteLine($"validators sign of a change to epoch {target}: exit {signed.ExitCode}: {signed.Output}{signed.Error}");
            Assert.Equal(expected, signed.ExitCode);
            Assert.Contains(expected == 0 ? "\"checkedEpoch\":1" : "must target epoch 2", signed.Output, StringComparison.Ordinal);
        }
    }

    private static ValidatorSetChange Change(ClusterHarness cluster, ulong epoch, IReadOnlyList<ValidatorSetOperation> operations, params string[] approvers)
    {
        var change = ValidatorSetChange.Create(cluster.Network.Genesis.ChainId, epoch, operations);
        foreach (var organisation in approvers)
        {
            var folder = Path.Combine(cluster.Directory, TestnetBuilder.OrgsFolder, organisation);
            using var key = KeyFile.ImportSigningKey(File.ReadAllText(Path.Combine(folder, PkiLayout.AdminKeyFile)));
            var certificate = PkiPem.ParseCertificate(File.ReadAllText(Path.Combine(folder, PkiLayout.AdminCertificateFile))).GetEncoded();
            change = change.WithApproval(change.Approve(key, certificate));
        }

        return change;
    }

    private static Enroll Enrolment(ClusterHarness cluster, string organisation, string member)
    {
        var orgFolder = Path.Combine(cluster.Directory, TestnetBuilder.OrgsFolder, organisation);
        var ca = OrganisationCa.Load(File.ReadAllText(Path.Combine(orgFolder, PkiLayout.CaCertificateFile)), File.ReadAllText(Path.Combine(orgFolder, PkiLayout.CaKeyFile)));
        using var key = Ledger.TestKit.Chains.TestChain.KeyFor(501);
        var certificate = ca.IssueSigningCertificate(member, CertificateRole.Member, key.PublicKey, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(30));
        return Enroll.Create(cluster.Network.Genesis.ChainId, key, certificate.GetEncoded());
    }

    private static AddOrganisation AddOrganisation(ClusterHarness cluster, string organisation, string validator)
    {
        var orgFolder = Path.Combine(cluster.Directory, TestnetBuilder.OrgsFolder, organisation);
        var nodeFolder = NodeFolder(cluster, validator);
        using var key = KeyFile.ImportSigningKey(File.ReadAllText(Path.Combine(nodeFolder, PkiLayout.SigningKeyFile)));
        return new AddOrganisation(
            organisation,
            PkiPem.ParseCertificate(File.ReadAllText(Path.Combine(orgFolder, PkiLayout.CaCertificateFile))).GetEncoded(),
            key.PublicKey,
            PkiPem.ParseCertificate(File.ReadAllText(Path.Combine(nodeFolder, PkiLayout.SigningCertificateFile))).GetEncoded(),
            PkiPem.ParseCertificate(File.ReadAllText(Path.Combine(nodeFolder, PkiLayout.TlsCertificateFile))).GetEncoded());
    }

    private async Task SubmitChangeAsync(ClusterHarness cluster, string node, ValidatorSetChange change, CancellationToken ct)
    {
        var answer = await cluster.Network.Client(node).SubmitTransferAsync(
            new SubmitTransferRequest { Transfer = ByteString.CopyFrom(change.Encoded) }, deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: ct);
        output.WriteLine($"change to epoch {change.TargetEpoch}: {answer.Outcome} {answer.RejectionCode} {answer.Message}");
        Assert.Equal(SubmitOutcome.Accepted, answer.Outcome);
    }

    /// <summary>Waits until every one of <paramref name="nodes"/> reports (ledger_epoch) being in <paramref name="epoch"/>.</summary>
    private static async Task WaitForEpochAsync(ClusterHarness cluster, IReadOnlyList<string> nodes, ulong epoch, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + Step;
        var epochs = new Dictionary<string, double>();
        while (DateTimeOffset.UtcNow < deadline)
        {
            foreach (var node in nodes)
            {
                epochs[node] = await MetricAsync(cluster, node, "ledger_epoch", ct);
            }

            if (epochs.Values.All(e => e >= epoch))
            {
                return;
            }

            await Task.Delay(200, ct);
        }

        throw new TimeoutException($"not all in epoch {epoch} within {Step.TotalSeconds:0} s: {string.Join(", ", epochs.Select(e => $"{e.Key} {e.Value}"))}");
    }

    /// <summary>The block a node stored at <paramref name="height"/> and the state root its QC certifies (read, not verified: the wallet's check across epochs is another piece of work).</summary>
    private static async Task<(Consensus.Messages.Block Block, Hash32 Root)> StoredBlockAsync(Clients clients, string node, ulong height, CancellationToken ct)
    {
        var answer = await clients.Of(node).GetBlockAsync(new GetBlockRequest { Height = height }, cancellationToken: ct);
        Assert.True(answer.Found, $"{node} has no block {height}");
        var certificate = CommitCertificate.Decode(answer.Evidence.Certificate.Span);
        return (certificate.DecodeBlock(clients.ChainId), certificate.DecodeChain()[0].Data.StateRoot);
    }

    /// <summary>
    /// Client channels that trust every organisation's CA, the added one's included (the network's
    /// own clients pin genesis's CAs, so they cannot reach the newcomer's client endpoint).
    /// </summary>
    private sealed class Clients(ClusterHarness cluster) : IDisposable
    {
        private readonly Dictionary<string, (GrpcChannel Channel, LedgerClient.LedgerClientClient Client)> _open = new(StringComparer.Ordinal);

        public string ChainId => cluster.Network.Genesis.ChainId;

        public LedgerClient.LedgerClientClient Of(string node)
        {
            if (!_open.TryGetValue(node, out var open))
            {
                var channel = NodeClientFactory.CreateChannel(cluster.ClientEndpoint(node), NodeCertificateTrust.Of(cluster.WithSpares));
                open = (channel, new LedgerClient.LedgerClientClient(channel));
                _open[node] = open;
            }

            return open.Client;
        }

        public async Task<GetStatusResponse> StatusAsync(string node, CancellationToken ct) =>
            await Of(node).GetStatusAsync(new GetStatusRequest(), deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: ct);

        public async Task WaitAsync(IReadOnlyList<string> nodes, Func<IReadOnlyList<GetStatusResponse>, bool> condition, string what, CancellationToken ct)
        {
            var deadline = DateTimeOffset.UtcNow + Step;
            var last = "no answer";
            while (DateTimeOffset.UtcNow < deadline)
            {
                try
                {
                    var statuses = await Task.WhenAll(nodes.Select(n => StatusAsync(n, ct)));
                    last = string.Join(", ", statuses.Select(s => $"{s.Node} height {s.CommittedHeight} mempool {s.MempoolSize}"));
                    if (condition(statuses))
                    {
                        return;
                    }
                }
                catch (Grpc.Core.RpcException ex)
                {
                    last = ex.Status.Detail;
                }

                await Task.Delay(200, ct);
            }

            throw new TimeoutException($"{what}: not reached within {Step.TotalSeconds:0} s ({last})");
        }

        public void Dispose()
        {
            foreach (var (channel, _) in _open.Values)
            {
                channel.Dispose();
            }
        }
    }

    private static string StatusCode(Grpc.Core.StatusCode code) => code.ToString();

    private static string NodeFolder(ClusterHarness cluster, string validator) =>
        Path.GetDirectoryName(cluster.Network.Validators.Single(v => v.Name == validator).ConfigPath)!;

    private static int PeerPort(ClusterHarness cluster, string validator) =>
        Node.Configuration.HostPort.Parse(cluster.Network.Validators.Single(v => v.Name == validator).Config.PeerEndpoint).Port;

    /// <summary>The sum of a metric's series as the node exports it.</summary>
    private static async Task<double> MetricAsync(ClusterHarness cluster, string validator, string name, CancellationToken ct)
    {
        var endpoint = cluster.Network.Validators.Single(v => v.Name == validator).Config.MetricsEndpoint!;
        using var http = new HttpClient();
        try
        {
            var text = await http.GetStringAsync(new Uri($"http://{endpoint}/metrics"), ct);
            return Series().Matches(text).Where(m => m.Groups["name"].Value == name).Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
        }
        catch (HttpRequestException)
        {
            return -1;
        }
    }

    [GeneratedRegex(@"(?m)^(?<name>[a-z_]+)(\{[^}]*\})? (?<value>\S+)$")]
    private static partial Regex Series();
}
