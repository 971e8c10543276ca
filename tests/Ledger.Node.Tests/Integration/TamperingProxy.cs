using Grpc.Core;
using Grpc.Net.Client;
using Ledger.Client.Protos;
using Ledger.Crypto.Pki;
using Ledger.Node.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ledger.Node.Tests.Integration;

/// <summary>
/// A man in the middle holding a genuine validator TLS identity (so the wallet's TLS check
/// passes): it forwards GetAccount to a real node and adds to the balance it answers. Only the
/// wallet's own verification can catch it.
/// </summary>
internal sealed class TamperingProxy : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TamperingProxy(WebApplication app) => _app = app;

    public static Task<TamperingProxy> StartAsync(int port, string tlsCertificatePath, string tlsKeyPath, string upstream, Ledger.Genesis.GenesisDocument genesis) =>
        StartAsync<LyingLedger>(port, tlsCertificatePath, tlsKeyPath, upstream, genesis);

    /// <summary>The same man in the middle answering with <typeparamref name="TService"/>, which may use the upstream <see cref="GrpcChannel"/>.</summary>
    public static async Task<TamperingProxy> StartAsync<TService>(int port, string tlsCertificatePath, string tlsKeyPath, string upstream, Ledger.Genesis.GenesisDocument genesis)
        where TService : LedgerClient.LedgerClientBase
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var certificate = TlsCertificates.LoadFiles(tlsCertificatePath, tlsKeyPath);
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port, l =>
        {
            l.Protocols = HttpProtocols.Http2;
            l.UseHttps(certificate);
        }));
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.Services.AddGrpc(o => o.MaxSendMessageSize = NodeHost.MaxPeerMessageBytes);
        builder.Services.AddSingleton(Ledger.Client.Nodes.NodeClientFactory.CreateChannel(upstream, genesis));
        var app = builder.Build();
        app.MapGrpcService<TService>();
        await app.StartAsync();
        return new TamperingProxy(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class LyingLedger(GrpcChannel upstream) : LedgerClient.LedgerClientBase
    {
        public override async Task<GetAccountResponse> GetAccount(GetAccountRequest request, ServerCallContext context)
        {
            var answer = await new LedgerClient.LedgerClientClient(upstream).GetAccountAsync(request, cancellationToken: context.CancellationToken);
            answer.Balance += 1_000;
            return answer;
        }
    }
}
