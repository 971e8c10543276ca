using Google.Protobuf;
using Ledger.BenchHost;
using Ledger.Cli.Bench;
using Ledger.Client.Protos;
using Ledger.Crypto;
using Ledger.Crypto.Keys;
using Ledger.Node.Testnet;
using Ledger.Transactions;

namespace Ledger.Cli.Tests;

/// <summary>
/// The `none` scheme end to end, on one benchmark chain: a validator started through the bench's
/// own host accepts a transfer whose signature does not verify, and the same node.json run by
/// `ledger node run` refuses it; the chain id alone switches nothing off.
/// </summary>
[Trait("Category", "Integration")]
public sealed class UncheckedValidatorTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "unchecked-validator-" + Guid.NewGuid().ToString("N")[..8]);
    private LocalNetwork? _network;

    public Task InitializeAsync() => Task.CompletedTask;

    // xunit 2 disposes a test class through IAsyncLifetime, not IAsyncDisposable: the validator
    // must be stopped whatever the test's outcome.
    public async Task DisposeAsync()
    {
        if (_network is not null)
        {
            await _network.DisposeAsync();
        }

        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task SubmitTransfer_ForgedSignature_AcceptedOnlyByTheBenchHost()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        var testnet = TestnetBuilder.Build(_root, new TestnetOptions { ChainId = BenchChain.For(NodeBenchSchemes.None), Organisations = 1, MembersPerOrganisation = 2, BasePort = 7990 });
        _network = new LocalNetwork(_root, [Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "ledger.exe" : "ledger")]);
        var validator = _network.Validators[0];
        byte[] first = Forged(testnet, amount: 3);
        byte[] second = Forged(testnet, amount: 4);

        _network.StartWith(validator.Name, [.. NodeBenchLaunchers.UncheckedHostBesideThisProgram(), NodeBenchLaunchers.UncheckedHostCommand, "--config", validator.ConfigPath]);
        await _network.WaitForHeightAsync(1, TimeSpan.FromSeconds(60), timeout.Token);
        var byBenchHost = await Submit(first, timeout.Token);
        await _network.StopAsync(validator.Name);

        _network.Start(validator.Name);
        await _network.WaitForHeightAsync(1, TimeSpan.FromSeconds(60), timeout.Token);
        var byOrdinaryNode = await Submit(second, timeout.Token);

        Assert.Equal(SubmitOutcome.Accepted, byBenchHost.Outcome);
        Assert.Equal(SubmitOutcome.Rejected, byOrdinaryNode.Outcome);
        Assert.Equal("BadSignature", byOrdinaryNode.RejectionCode);
    }

    private Task<SubmitTransferResponse> Submit(byte[] transfer, CancellationToken ct) =>
        _network!.Client(_network.Validators[0].Name).SubmitTransferAsync(new SubmitTransferRequest { Transfer = ByteString.CopyFrom(transfer) }, deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: ct).ResponseAsync;

    /// <summary>A transfer between the chain's two members, signed by the payer, then one bit of its signature flipped.</summary>
    private static byte[] Forged(TestnetResult testnet, ulong amount)
    {
        using var from = KeyFile.ImportSigningKey(File.ReadAllText(Path.Combine(testnet.MemberDirectories[0], PkiLayout.MemberKeyFile)));
        using var to = KeyFile.ImportSigningKey(File.ReadAllText(Path.Combine(testnet.MemberDirectories[1], PkiLayout.MemberKeyFile)));
        var good = Transfer.Create(testnet.Genesis.ChainId, from, to.PublicKey, amount, TransferNonce.Random(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        byte[] signature = good.Signature.ToArray();
        signature[0] ^= 1;
        return new Transfer(good.ChainId, good.From, good.To, good.Amount, good.Nonce, good.TimestampMs, new Signature(signature)).Encoded.ToArray();
    }
}
