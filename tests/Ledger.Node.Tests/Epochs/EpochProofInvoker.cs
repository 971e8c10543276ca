using Google.Protobuf;
using Grpc.Core;
using Ledger.Client.Evidence;
using Ledger.Client.Protos;
using Ledger.Node.Runtime;
using Ledger.Node.Services;

namespace Ledger.Node.Tests.Epochs;

/// <summary>
/// A node's GetEpochProofs without a network: answers from a <see cref="CertifiedEpochLedger"/>'s
/// store (through <see cref="EpochProofSource"/>), each proof passed through <see cref="Tamper"/>
/// first, and counts the calls.
/// </summary>
internal sealed class EpochProofInvoker(CertifiedEpochLedger ledger) : CallInvoker
{
    public Func<EpochChangeProof, EpochChangeProof> Tamper { get; init; } = p => p;

    public int Calls { get; private set; }

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        if (request is not GetEpochProofsRequest asked)
        {
            throw new NotSupportedException(method.FullName);
        }

        Calls++;
        EpochProofPage page = new EpochProofSource(ledger.Engine, new LedgerStoreGate()).Read(asked.FromEpoch, 1, 1 << 20);
        var response = new GetEpochProofsResponse { CurrentEpoch = page.CurrentEpoch };
        response.Proofs.AddRange(page.Proofs.Select(p => ByteString.CopyFrom(Tamper(p).Encode())));
        return new AsyncUnaryCall<TResponse>(Task.FromResult((TResponse)(object)response), Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException();

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException();

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException();

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException();
}
