using System.Globalization;
using System.Text;
using Ledger.Client.Protos;
using Ledger.Node.Testnet;

namespace Ledger.Cli.Network;

/// <summary>A one-screen table of every validator's status, for `testnet up` and `demo`.</summary>
public static class StatusTable
{
    public static async Task<string> RenderAsync(LocalNetwork network, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(network);
        var statuses = await Task.WhenAll(network.Validators.Select(v => network.TryStatusAsync(v.Name, ct))).ConfigureAwait(false);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"node",-10} {"mode",-9} {"height",7} {"round",7} {"leader",-10} {"mempool",7} {"peers",5}  {"state root",-12}  reason");
        for (var i = 0; i < statuses.Length; i++)
        {
            var name = network.Validators[i].Name;
            if (statuses[i] is not { } s)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{name,-10} {(network.IsRunning(name) ? "starting" : "stopped"),-9}");
                continue;
            }

            var peers = s.Peers.Count(p => p.Connected);
            text.AppendLine(CultureInfo.InvariantCulture, $"{name,-10} {s.Mode,-9} {s.CommittedHeight,7} {s.Round,7} {s.Leader,-10} {s.MempoolSize,7} {peers,3}/{s.Peers.Count}  {Convert.ToHexString(s.StateRoot.Span)[..12].ToLowerInvariant(),-12}  {s.ModeReason}");
        }

        return text.ToString();
    }

    public static bool AllAgree(IEnumerable<GetStatusResponse?> statuses) =>
        statuses.All(s => s is not null) && statuses.Select(s => (s!.CommittedHeight, Convert.ToHexString(s.StateRoot.Span))).Distinct().Count() == 1;
}
