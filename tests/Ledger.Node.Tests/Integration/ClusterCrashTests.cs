using Google.Protobuf;
using Ledger.Client.Evidence;
using Ledger.Client.Protos;
using Ledger.Crypto;
using Ledger.Transactions;
using Xunit.Abstractions;

namespace Ledger.Node.Tests.Integration;

/// <summary>
/// Four real validator processes on 127.0.0.1 (ports 7800-7832): 500 transfers while a follower
/// and then the leader are killed with SIGKILL and restarted. Every node must end at the same
/// state root, the supply must not change, and every acknowledged transfer must be in the chain
/// exactly once, each answer verified against genesis alone.
/// </summary>
[Trait("Category", "Integration")]
[Collection(SecondProcessClusterCollection.Name)]
public sealed class ClusterCrashTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task FourValidators_FollowerAndLeaderKilledAndRestarted_ConvergeWithEveryTransferOnce()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        await using var cluster = new ClusterHarness(basePort: 7800);
        var names = cluster.Network.Validators.Select(v => v.Name).ToList();
        cluster.Network.StartAll();
        await cluster.WaitAsync(names, s => s.All(x => x.CommittedHeight >= 2), Step, "network start", ct);

        await cluster.SendAsync(150, ct);

        // A follower dies: the other three keep committing.
        var leader = (await cluster.StatusAsync(names[0], ct)).Leader;
        var follower = names.First(n => n != leader);
        var before = (await cluster.StatusAsync(leader, ct)).CommittedHeight;
        cluster.Network.Kill(follower);
        await cluster.SendAsync(125, ct);
        await cluster.WaitAsync(cluster.Running, s => s.All(x => x.CommittedHeight >= before + 5), Step, "commits without the follower", ct);

        cluster.Network.Start(follower);
        var target = (await cluster.StatusAsync(leader, ct)).CommittedHeight;
        var catchUp = await cluster.WaitAsync([follower], s => s[0].CommittedHeight >= target, Step, "follower catch-up", ct);
        output.WriteLine($"follower {follower} caught up to height {target} in {catchUp.TotalSeconds:0.0} s");

        // The current leader dies: a timeout moves the round on and the others keep committing.
        var running = cluster.Running.ToList();
        leader = (await cluster.StatusAsync(running[0], ct)).Leader;
        var others = running.Where(n => n != leader).ToList();
        var roundBefore = (await cluster.StatusAsync(others[0], ct)).Round;
        before = (await cluster.StatusAsync(others[0], ct)).CommittedHeight;
        cluster.Network.Kill(leader);
        await cluster.SendAsync(125, ct);
        await cluster.WaitAsync(others, s => s.All(x => x.CommittedHeight >= before + 5 && x.Round > roundBefore), Step, "commits without the leader", ct);

        cluster.Network.Start(leader);
        await cluster.SendAsync(100, ct);

        // Settle: nothing pending anywhere, and every node past the same height.
        await cluster.WaitAsync(names, s => s.All(x => x.MempoolSize == 0), Step, "mempools drained", ct);
        var top = (await Task.WhenAll(names.Select(n => cluster.StatusAsync(n, ct)))).Max(s => s.CommittedHeight);
        catchUp = await cluster.WaitAsync(names, s => s.All(x => x.CommittedHeight >= top + 2), Step, "all at one height", ct);
        output.WriteLine($"all four past height {top + 2}, last catch-up {catchUp.TotalSeconds:0.0} s");

        var verifier = new EvidenceVerifier(cluster.Network.Genesis);
        var roots = new List<Hash32>();
        foreach (var name in names)
        {
            var block = await cluster.Network.Client(name).GetBlockAsync(new GetBlockRequest { Height = top }, cancellationToken: ct);
            Assert.True(block.Found, $"{name} has no block {top}");
            roots.Add(verifier.VerifyCommitted(block.Evidence).StateRoot);
        }

        Assert.Single(roots.Distinct());

        // Supply: every member's verified balance, read at one node once nothing is pending.
        ulong sum = 0;
        foreach (var member in cluster.Members)
        {
            var account = await cluster.Network.Client(names[0]).GetAccountAsync(new GetAccountRequest { PublicKey = ByteString.CopyFrom(member.PublicKey.ToArray()) }, cancellationToken: ct);
            var balance = verifier.VerifyAccount(account, member.PublicKey);
            Assert.Equal(cluster.Network.Genesis.Members.Aggregate(0UL, (s, m) => s + m.Balance), balance.TotalSupply);
            sum += balance.Balance;
        }

        Assert.Equal(cluster.Network.Genesis.Members.Aggregate(0UL, (s, m) => s + m.Balance), sum);

        // A node that lies about a balance is caught by the wallet's check.
        var honest = await cluster.Network.Client(names[1]).GetAccountAsync(new GetAccountRequest { PublicKey = ByteString.CopyFrom(cluster.Members[0].PublicKey.ToArray()) }, cancellationToken: ct);
        var inflated = honest.Clone();
        inflated.Balance += 1;
        Assert.Throws<EvidenceException>(() => verifier.VerifyAccount(inflated, cluster.Members[0].PublicKey));
        var otherAccount = honest.Clone();
        Assert.Throws<EvidenceException>(() => verifier.VerifyAccount(otherAccount, cluster.Members[1].PublicKey));

        // Exactly once: count every transaction id in the committed chain.
        var occurrences = new Dictionary<Hash32, int>();
        for (ulong height = 1; height <= top; height++)
        {
            var block = await cluster.Network.Client(names[0]).GetBlockAsync(new GetBlockRequest { Height = height }, cancellationToken: ct);
            var certified = verifier.VerifyCommitted(block.Evidence);
            foreach (var transaction in PayloadCodec.Decode(certified.Block!.Payload, PayloadLimits.From(cluster.Network.Genesis.Parameters)))
            {
                occurrences[transaction.Id] = occurrences.GetValueOrDefault(transaction.Id) + 1;
            }
        }

        var acknowledged = 0;
        foreach (var (id, acceptedBy) in cluster.Accepted)
        {
            var answer = await cluster.Network.Client(names[0]).GetTransferAsync(new GetTransferRequest { TransactionId = ByteString.CopyFrom(id.ToArray()) }, cancellationToken: ct);
            if (answer.State != TransferState.Committed)
            {
                // Only a node killed before passing it on may have lost an accepted transfer.
                Assert.True(acceptedBy == follower || acceptedBy == leader, $"{id.ToShortHex()} accepted by {acceptedBy} never committed");
                continue;
            }

            var verified = verifier.VerifyTransfer(answer.Committed, id);
            Assert.Equal("Success", verified.ReceiptStatus);
            Assert.Equal(1, occurrences.GetValueOrDefault(id));
            acknowledged++;
        }

        output.WriteLine($"{cluster.Accepted.Count} accepted, {acknowledged} committed and verified, chain height {top}; not accepted: {string.Join(", ", cluster.Refusals.Select(r => $"{r.Key} x{r.Value}"))}");
        Assert.True(acknowledged >= 450, $"only {acknowledged} of {cluster.Accepted.Count} transfers committed");
    }
}
