using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Ledger.Crypto.Pki;
using Ledger.Node.Protos.Replica;
using Ledger.Node.Testnet;

namespace Ledger.Node.Tests.Integration;

/// <summary>Calls a replica endpoint presenting a given validator identity's TLS certificate.</summary>
internal static class PeerCalls
{
    /// <summary>
    /// Delivers a malformed vote on a fresh connection and returns the error: INVALID_ARGUMENT
    /// means the peer was admitted and the service judged the message; UNAVAILABLE or
    /// PERMISSION_DENIED mean the certificate was refused.
    /// </summary>
    public static async Task<RpcException> DeliverGarbageAsync(string identityFolder, int port)
    {
        using var certificate = TlsCertificates.LoadFiles(Path.Combine(identityFolder, PkiLayout.TlsCertificateFile), Path.Combine(identityFolder, PkiLayout.TlsKeyFile));
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = new X509CertificateCollection { certificate },

                // These tests are about the server's decision; the caller accepts any server.
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            },
        };
        using var channel = GrpcChannel.ForAddress($"https://127.0.0.1:{port}", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        var client = new Replica.ReplicaClient(channel);
        return await Assert.ThrowsAsync<RpcException>(async () =>
            await client.DeliverAsync(new ConsensusEnvelope { Kind = MessageKind.Vote, Message = ByteString.CopyFrom(1, 2, 3) }, deadline: DateTime.UtcNow.AddSeconds(10)));
    }

    /// <summary>Delivers one consensus message as the validator whose TLS identity is in <paramref name="identityFolder"/>.</summary>
    public static async Task DeliverAsync(string identityFolder, int port, MessageKind kind, byte[] message)
    {
        using var certificate = TlsCertificates.LoadFiles(Path.Combine(identityFolder, PkiLayout.TlsCertificateFile), Path.Combine(identityFolder, PkiLayout.TlsKeyFile));
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = new X509CertificateCollection { certificate },
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            },
        };
        using var channel = GrpcChannel.ForAddress($"https://127.0.0.1:{port}", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        await new Replica.ReplicaClient(channel).DeliverAsync(new ConsensusEnvelope { Kind = kind, Message = ByteString.CopyFrom(message) }, deadline: DateTime.UtcNow.AddSeconds(10));
    }

    /// <summary>
    /// Opens a Link call as the validator whose TLS identity is in <paramref name="identityFolder"/>;
    /// disposing it ends the call and the connection.
    /// </summary>
    public static LinkCall OpenLink(string identityFolder, int port)
    {
        var certificate = TlsCertificates.LoadFiles(Path.Combine(identityFolder, PkiLayout.TlsCertificateFile), Path.Combine(identityFolder, PkiLayout.TlsKeyFile));
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = new X509CertificateCollection { certificate },
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            },
        };
        var channel = GrpcChannel.ForAddress($"https://127.0.0.1:{port}", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        return new LinkCall(certificate, channel, new Replica.ReplicaClient(channel).Link(deadline: DateTime.UtcNow.AddSeconds(30)));
    }

    /// <summary>A Link call with what it was opened with.</summary>
    internal sealed class LinkCall(X509Certificate2 certificate, GrpcChannel channel, AsyncClientStreamingCall<PeerMessage, LinkClosed> call) : IDisposable
    {
        public AsyncClientStreamingCall<PeerMessage, LinkClosed> Call => call;

        /// <summary>The server's headers, or the status with which it refused the call.</summary>
        public async Task<Metadata> HeadersAsync() => await call.ResponseHeadersAsync.WaitAsync(TimeSpan.FromSeconds(20));

        public void Dispose()
        {
            call.Dispose();
            channel.Dispose();
            certificate.Dispose();
        }
    }

    /// <summary>
    /// The peer was refused: by the service (PERMISSION_DENIED) or by TLS. A TLS 1.3 server judges
    /// the client certificate after the client already sent its Finished, so the refusal reaches
    /// the caller either as UNAVAILABLE or, when it lands mid-HTTP/2, as INTERNAL carrying the
    /// transport error; an INTERNAL without a transport cause is not a refusal.
    /// </summary>
    public static bool IsRefusal(RpcException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error.StatusCode is StatusCode.Unavailable or StatusCode.PermissionDenied)
        {
            return true;
        }

        for (var cause = error.Status.DebugException; cause is not null; cause = cause.InnerException)
        {
            if (error.StatusCode == StatusCode.Internal && cause is IOException or HttpRequestException or System.Security.Authentication.AuthenticationException)
            {
                return true;
            }
        }

        return false;
    }
}
