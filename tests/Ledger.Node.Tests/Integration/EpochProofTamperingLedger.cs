using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Ledger.Client.Protos;

namespace Ledger.Node.Tests.Integration;

/// <summary>
/// A man in the middle for <see cref="TamperingProxy"/>: forwards GetTransfer to a real node
/// unchanged and answers GetEpochProofs with the node's proofs, each with its last byte flipped
/// (inside the new epoch's roster), so only a wallet that proves the epoch from genesis catches it.
/// </summary>
internal sealed class EpochProofTamperingLedger(GrpcChannel upstream) : LedgerClient.LedgerClientBase
{
    public override Task<GetTransferResponse> GetTransfer(GetTransferRequest request, ServerCallContext context) =>
        new LedgerClient.LedgerClientClient(upstream).GetTransferAsync(request, cancellationToken: context.CancellationToken).ResponseAsync;

    public override async Task<GetEpochProofsResponse> GetEpochProofs(GetEpochProofsRequest request, ServerCallContext context)
    {
        var answer = await new LedgerClient.LedgerClientClient(upstream).GetEpochProofsAsync(request, cancellationToken: context.CancellationToken);
        var tampered = answer.Proofs.Select(p =>
        {
            var bytes = p.ToByteArray();
            bytes[^1] ^= 0x01;
            return ByteString.CopyFrom(bytes);
        }).ToList();
        answer.Proofs.Clear();
        answer.Proofs.AddRange(tampered);
        return answer;
    }
}
