using System.CommandLine;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Ledger.Cli.Support;
using Ledger.Client.Nodes;
using Ledger.Genesis;
using Ledger.Node.Configuration;

namespace Ledger.Cli.Commands;

/// <summary>
/// `ledger node health --config FILE`: asks the node described by node.json, on its own client
/// endpoint, for the standard gRPC health status. Exit 0 when it serves, 1 otherwise: the
/// container image's HEALTHCHECK and the compose file use it, so it needs nothing but the
/// mounted configuration (the node's TLS certificate is checked against genesis, as a wallet does).
/// </summary>
public static class NodeHealthCommand
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "The node's node.json; its client endpoint and genesis are used", Required = true };
        var command = new Command("health", "Exit 0 when the node serves (gRPC health SERVING on its client endpoint), 1 when it does not or cannot be reached");
        command.Options.Add(config);
        command.SetAction(async (parse, ct) =>
        {
            string path = parse.GetValue(config)!;
            string endpoint;
            GenesisDocument genesis;
            try
            {
                NodeConfig node = NodeConfig.FromJson(File.ReadAllText(path));
                string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
                genesis = GenesisDocument.Load(NodeConfigValidator.Resolve(directory, node.GenesisPath));
                endpoint = DialableEndpoint(HostPort.Parse(node.ClientEndpoint));
            }
            catch (Exception e) when (CliGuard.Describe(e) is not null || e is System.Text.Json.JsonException)
            {
                await Console.Error.WriteLineAsync($"error: {CliGuard.Describe(e) ?? e.Message}").ConfigureAwait(false);
                return CliExit.UsageError;
            }

            using GrpcChannel channel = NodeClientFactory.CreateChannel(endpoint, genesis);
            try
            {
                HealthCheckResponse answer = await new Health.HealthClient(channel)
                    .CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow + Deadline, cancellationToken: ct)
                    .ConfigureAwait(false);
                Console.WriteLine($"{endpoint}: {answer.Status}");
                return answer.Status == HealthCheckResponse.Types.ServingStatus.Serving ? CliExit.Ok : CliExit.Rejected;
            }
            catch (RpcException e)
            {
                Console.WriteLine($"{endpoint}: unreachable ({e.StatusCode}: {e.Status.Detail})");
                return CliExit.Rejected;
            }
        });
        return command;
    }

    /// <summary>A node listening on every interface is asked on loopback.</summary>
    private static string DialableEndpoint(HostPort listen) => listen.Host switch
    {
        "0.0.0.0" or "*" => $"127.0.0.1:{listen.Port}",
        "::" => new HostPort("::1", listen.Port).ToString(),
        _ => listen.ToString(),
    };
}
