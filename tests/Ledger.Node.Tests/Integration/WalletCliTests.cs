using Google.Protobuf;
using Ledger.Addresses;
using Ledger.Client.Protos;
using Ledger.Crypto;
using Ledger.Crypto.Keys;
using Ledger.Node.Testnet;
using Ledger.Transactions;

namespace Ledger.Node.Tests.Integration;

/// <summary>
/// `ledger wallet init|transfer|balance|tx` run as processes against the shared in-process
/// network: honest answers print VERIFIED and exit 0; a genesis naming other validator keys, or a
/// man in the middle that inflates a balance or rewrites a receipt, print NOT VERIFIED and exit 6 unless a later
/// --node answers honestly; every exit code and the documented JSON fields.
/// </summary>
[Trait("Category", "Integration")]
[Collection(InProcessNetworkCollection.Name)]
public sealed class WalletCliTests(InProcessNetwork network)
{
    private const int ProxyPort = 8150;
    private const int ReceiptProxyPort = 8153;

    private readonly string _profile = Path.Combine(network.Root, "wallets", Guid.NewGuid().ToString("N")[..8]);

    private string GenesisPath => network.Net.GenesisPath;

    private string MemberKey(string member) =>
        Path.Combine(network.Net.MemberDirectories.Single(d => Path.GetFileName(d) == member), PkiLayout.MemberKeyFile);

    [Fact]
    public async Task WalletTransfer_ToMemberByName_ExitsZeroWithVerifiedCommit()
    {
        var (exit, output, error) = await CliRun.LedgerAsync(
            "wallet", "transfer", "--profile", _profile, "--node", InProcessNetwork.ClientEndpoint(0), "--genesis", GenesisPath,
            "--key", MemberKey("org1-m1"), "--to", "org2-m1", "--amount", "7");

        Assert.True(exit == 0, $"exit {exit}: {output} {error}");
        Assert.Contains("receipt Success: VERIFIED", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WalletBalance_HonestNode_ExitsZeroWithVerifiedProof()
    {
        var (exit, output, error) = await CliRun.LedgerAsync(
            "wallet", "balance", "--profile", _profile, "--node", InProcessNetwork.ClientEndpoint(1), "--genesis", GenesisPath, "--account", "org3-m1");

        Assert.True(exit == 0, $"exit {exit}: {output} {error}");
        Assert.Contains("VERIFIED (state proof against a QC-certified root)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WalletTx_CommittedTransfer_ExitsZeroWithVerifiedInclusionAndReceipt()
    {
        var transfer = await CommitTransferAsync("org2-m1", "org4-m1", 3);

        var (exit, output, error) = await CliRun.LedgerAsync(
            "wallet", "tx", transfer.Id.ToHex(), "--profile", _profile, "--node", InProcessNetwork.ClientEndpoint(0), "--genesis", GenesisPath);

        Assert.True(exit == 0, $"exit {exit}: {output} {error}");
        var addresses = AddressCodec.ForChain(network.Net.Genesis.ChainId);
        Assert.Contains($"transfer {transfer.Id.ToShortHex()} of 3 from {addresses.Encode(transfer.From)} to {addresses.Encode(transfer.To)} committed", output, StringComparison.Ordinal);
        Assert.Contains("receipt Success: VERIFIED (transaction and receipt proven", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WalletTx_ManInTheMiddleRewritesTheReceipt_NotVerifiedExitsSix()
    {
        var transfer = await CommitTransferAsync("org3-m1", "org1-m1", 2);
        var identity = network.NodeFolder("org1-v1");
        await using var proxy = await TamperingProxy.StartAsync<ReceiptRewritingLedger>(
            ReceiptProxyPort,
            Path.Combine(identity, PkiLayout.TlsCertificateFile),
            Path.Combine(identity, PkiLayout.TlsKeyFile),
            InProcessNetwork.ClientEndpoint(1),
            network.Net.Genesis);

        var (exit, output, error) = await CliRun.LedgerAsync(
            "wallet", "tx", transfer.Id.ToHex(), "--profile", _profile, "--node", $"127.0.0.1:{ReceiptProxyPort}", "--genesis", GenesisPath);

        Assert.Equal(6, exit);
        Assert.Contains("NOT VERIFIED", error, StringComparison.Ordinal);
        Assert.Contains("InsufficientFunds", error, StringComparison.Ordinal);
        Assert.DoesNotContain("VERIFIED", output, StringComparison.Ordinal);

        // The next node answers honestly: the wallet reports its verified receipt.
        (exit, output, error) = await CliRun.LedgerAsync(
            "wallet", "tx", transfer.Id.ToHex(), "--profile", _profile, "--node", $"127.0.0.1:{ReceiptProxyPort}", "--node", InProcessNetwork.ClientEndpoint(2), "--genesis", GenesisPath);
        Assert.True(exit == 0, $"exit {exit}: {output} {error}");
        Assert.Contains("receipt Success: VERIFIED", output, StringComparison.Ordinal);
    }

    private async Task<Transfer> CommitTransferAsync(string from, string to, ulong amount)
    {
        using var sender = KeyFile.ImportSigningKey(await File.ReadAllTextAsync(MemberKey(from)));
        var recipient = PublicKey.FromHex(network.Net.Genesis.Members.Single(m => m.Name == to).PublicKey);
        var transfer = Transfer.Create(network.Net.Genesis.ChainId, sender, recipient, amount, TransferNonce.Random(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var client = network.Client(2, out var channel);
        using (channel)
        {
            var answer = await client.SubmitTransferAsync(new SubmitTransferRequest { Transfer = ByteString.CopyFrom(transfer.Encoded) }, deadline: DateTime.UtcNow.AddSeconds(10));
            Assert.Equal(SubmitOutcome.Accepted, answer.Outcome);
            var started = DateTimeOffset.UtcNow;
            while ((await client.GetTransferAsync(new GetTransferRequest { TransactionId = ByteString.CopyFrom(transfer.Id.ToArray()) })).State != TransferState.Committed)
            {
                Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(30), "the transfer did not commit within 30 s");
                await Task.Delay(100);
            }
        }

        return transfer;
    }

    [Fact]
    public async Task WalletBalance_GenesisWithOtherValidatorKeys_NotVerifiedExitsSix()
    {
        // Same CAs (so TLS still passes) but two validators' keys replaced: no quorum of the
        // genesis the wallet trusts signed what the real network answers.
        using var impostor1 = SigningKey.Generate();
        using var impostor2 = SigningKey.Generate();
        var genesis = network.Net.Genesis;
        var validators = genesis.Validators.ToList();
        validators[0] = validators[0] with { PublicKey = impostor1.PublicKey.ToHex() };
        validators[1] = validators[1] with { PublicKey = impostor2.PublicKey.ToHex() };
        var wrongGenesis = Path.Combine(network.Root, "wrong-genesis.json");
        await File.WriteAllTextAsync(wrongGenesis, (genesis with { Validators = validators }).ToJson());

        var (exit, output, error) = await CliRun.LedgerAsync(
            "wallet", "balance", "--profile", _profile, "--node", InProcessNetwork.ClientEndpoint(0), "--genesis", wrongGenesis, "--account", "org1-m1");

        Assert.Equal(6, exit);
        Assert.Contains("NOT VERIFIED", error, StringComparison.Ordinal);
        Assert.DoesNotContain("VERIFIED", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WalletBalance_ManInTheMiddleInflatesBalance_NotVerifiedExitsSixNamingTheNode()
    {
        var identity = network.NodeFolder("org1-v1");
        await using var proxy = await TamperingProxy.StartAsync(
            ProxyPort,
            Path.Combine(identity, PkiLayout.TlsCertificateFile),
            Path.Combine(identity, PkiLayout.TlsKeyFile),
            InProcessNetwork.ClientEndpoint(0),
            network.Net.Genesis);

        var (exit, output, error) = await CliRun.LedgerAsync(
            "wallet", "balance", "--profile", _profile, "--node", $"127.0.0.1:{ProxyPort}", "--genesis", GenesisPath, "--account", "org1-m1");

        Assert.Equal(6, exit);
        Assert.Contains("NOT VERIFIED", error, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{ProxyPort}", error, StringComparison.Ordinal);
        Assert.DoesNotContain("VERIFIED", output, StringComparison.Ordinal);
    }
}
