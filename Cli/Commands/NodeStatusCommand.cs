using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Ledger.Cli.Wallet;
using Ledger.Client.Nodes;
using Ledger.Client.Protos;

namespace Ledger.Cli.Commands;

/// <summary>
/// `ledger node status --node HOST:PORT`: what each node says of itself (GetStatus): height,
/// round, mode and its reason, peers and whether they are reachable from it, version,
/// endpoints and the days left on its own certificates (flagged inside its warning period). None of it is evidence: it is printed as the node's claim ("UNVERIFIED"). The TLS
/// check of the node uses genesis (--genesis or the wallet profile's), like the wallet.
/// Exit 0 when every node answered, 5 when any could not be reached.
/// </summary>
public static class NodeStatusCommand
{
    private const string Name = "status";

    public static Command Create()
    {
        var common = WalletCommonOptions.Create();
        var cmd = new Command(Name, "Show what nodes say of themselves: height, round, mode, peers, version, ports (unverified)");
        common.AddTo(cmd);
        cmd.SetAction(async (parse, ct) =>
        {
            var output = common.Output(parse);
            return await WalletOptions.GuardAsync(output, Name, async () =>
            {
                var context = common.Resolve(parse);
                using var nodes = context.Connect();
                var answers = new JsonArray();
                var human = new List<string>();
                var failures = new List<NodeFailure>();
                for (var i = 0; i < nodes.Count; i++)
                {
                    var (status, failure) = await LedgerNodes.TryAsync(nodes.Name(i), nodes.Client(i),
                        async (c, t) => await c.GetStatusAsync(new GetStatusRequest(), deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: t).ConfigureAwait(false), ct).ConfigureAwait(false);
                    if (failure is not null)
                    {
                        failures.Add(failure);
                        continue;
                    }

                    answers.Add(Json(nodes.Name(i), status!, context.Genesis.ChainId));
                    human.Add(Human(nodes.Name(i), status!, context.Genesis.ChainId));
                }

                int exit = failures.Count == 0 ? WalletExit.Ok : WalletExit.NoNode;
                var fields = new JsonObject { ["nodes"] = answers, ["verified"] = false };
                if (answers.Count == 0)
                {
                    output.Error(Name, exit, "no node answered", failures, fields);
                }
                else
                {
                    output.Answer(Name, exit, string.Join(Environment.NewLine, human), fields, failures);
                }

                return exit;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static JsonObject Json(string asked, GetStatusResponse s, string chainId) => new()
    {
        ["endpoint"] = asked,
        ["node"] = s.Node,
        ["version"] = s.Version,
        ["chainId"] = s.ChainId,
        ["chainMatchesGenesis"] = s.ChainId == chainId,
        ["height"] = s.CommittedHeight,
        ["blockId"] = Convert.ToHexStringLower(s.CommittedBlockId.Span),
        ["stateRoot"] = Convert.ToHexStringLower(s.StateRoot.Span),
        ["round"] = s.Round,
        ["leader"] = s.Leader,
        ["mode"] = s.Mode,
        ["modeReason"] = s.ModeReason,
        ["lastCommitUnixMs"] = s.LastCommitUnixMs,
        ["mempoolSize"] = s.MempoolSize,
        ["equivocations"] = s.Equivocations,
        ["clientEndpoint"] = s.ClientEndpoint,
        ["metricsEndpoint"] = string.IsNullOrEmpty(s.MetricsEndpoint) ? null : s.MetricsEndpoint,
        ["peerEndpoint"] = s.PeerEndpoint,
        ["certificateExpiryWarningDays"] = s.CertificateExpiryWarningDays,
        ["certificates"] = new JsonArray(s.Certificates.Select(c => (JsonNode)new JsonObject
        {
            ["kind"] = c.Kind,
            ["subject"] = c.Subject,
            ["serial"] = c.Serial,
            ["notAfterUnixMs"] = c.NotAfterUnixMs,
            ["daysLeft"] = Math.Round(c.DaysLeft, 1),
            ["expiresSoon"] = c.ExpiresSoon,
        }).ToArray()),
        ["peers"] = new JsonArray(s.Peers.Select(p => (JsonNode)new JsonObject
        {
            ["name"] = p.Name,
            ["endpoint"] = p.Endpoint,
            ["reachable"] = p.Connected,
            ["queued"] = p.Queued,
        }).ToArray()),
    };

    private static string Human(string asked, GetStatusResponse s, string chainId)
    {
        var lines = new List<string>
        {
            $"node {s.Node} at {asked} (UNVERIFIED: the node's own claims, no evidence)",
            $"  version   {(string.IsNullOrEmpty(s.Version) ? "(not reported)" : s.Version)}",
            $"  chain     {s.ChainId}{(s.ChainId == chainId ? string.Empty : $"  (NOT the genesis chain {chainId})")}",
            $"  height    {s.CommittedHeight} (block {Convert.ToHexStringLower(s.CommittedBlockId.Span)[..Math.Min(16, s.CommittedBlockId.Length * 2)]}), last commit {LastCommit(s.LastCommitUnixMs)}",
            $"  round     {s.Round}, leader {s.Leader}",
            $"  mode      {s.Mode}{(string.IsNullOrEmpty(s.ModeReason) ? string.Empty : $": {s.ModeReason}")}",
            $"  mempool   {s.MempoolSize}, equivocations seen {s.Equivocations}",
            $"  endpoints client {Or(s.ClientEndpoint)}, metrics {Or(s.MetricsEndpoint, "off")}, peer {Or(s.PeerEndpoint)}",
            $"  certs     {Certificates(s)}",
            $"  peers     {s.Peers.Count(p => p.Connected)}/{s.Peers.Count} reachable",
        };
        lines.AddRange(s.Peers.Select(p => $"    {p.Name,-12} {p.Endpoint,-22} {(p.Connected ? "reachable" : "UNREACHABLE"),-11} queued {p.Queued}"));
        return string.Join(Environment.NewLine, lines);
    }

    // One line: each certificate's days left, the ones inside the node's warning period flagged.
    public static string Certificates(GetStatusResponse s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (s.Certificates.Count == 0)
        {
            return "(not reported)";
        }

        var each = s.Certificates.Select(c => c.DaysLeft < 0
            ? $"{c.Kind} EXPIRED {-c.DaysLeft:0} days ago"
            : $"{c.Kind} {c.DaysLeft:0} days{(c.ExpiresSoon ? " (EXPIRES SOON)" : string.Empty)}");
        return $"{string.Join(", ", each)} (warning below {s.CertificateExpiryWarningDays} days)";
    }

    private static string LastCommit(long unixMs) => unixMs <= 0
        ? "never"
        : $"{DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}Z";

    private static string Or(string value, string otherwise = "(not reported)") => string.IsNullOrEmpty(value) ? otherwise : value;
}
