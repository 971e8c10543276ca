using Google.Protobuf;
using Grpc.Core;
using Ledger.Client.Protos;
using Ledger.Node.Testnet;

namespace Ledger.Node.Tests.Integration;

/// <summary>
/// A committed transfer's evidence carries its whole block, which may hold up to the consensus
/// payload cap of 4 MB: the wallet's channel must take answers past gRPC's default 4 MB limit.
/// </summary>
[Trait("Category", "Integration")]
[Collection(InProcessNetworkCollection.Name)]
public sealed class LargeAnswerTests(InProcessNetwork network)
{
    private const int ServerPort = 8151;

    private const int AnswerBytes = 6 * 1024 * 1024;

    [Fact]
    public async Task NodeClientFactory_AnswerAboveFourMegabytes_IsReceived()
    {
        string identity = network.NodeFolder("org1-v1");
        await using var server = await TamperingProxy.StartAsync<LargeAnswerLedger>(
            ServerPort,
            Path.Combine(identity, PkiLayout.TlsCertificateFile),
            Path.Combine(identity, PkiLayout.TlsKeyFile),
            InProcessNetwork.ClientEndpoint(0),
            network.Net.Genesis);

        var client = Ledger.Client.Nodes.NodeClientFactory.Create($"127.0.0.1:{ServerPort}", network.Net.Genesis);
        GetTransferResponse answer = await client.GetTransferAsync(new GetTransferRequest { TransactionId = ByteString.CopyFrom(new byte[32]) }, deadline: DateTime.UtcNow.AddSeconds(30));

        Assert.Equal(AnswerBytes, answer.Committed.Transaction.Length);
    }

    private sealed class LargeAnswerLedger : LedgerClient.LedgerClientBase
    {
        public override Task<GetTransferResponse> GetTransfer(GetTransferRequest request, ServerCallContext context) =>
            Task.FromResult(new GetTransferResponse
            {
                State = TransferState.Committed,
                Committed = new TransferProof { Height = 1, Transaction = ByteString.CopyFrom(new byte[AnswerBytes]) },
            });
    }
}
