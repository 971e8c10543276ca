using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Ledger.Node.Security;

/// <summary>
/// Every refusal of a peer, on either side of a connection, is counted by kind
/// (<c>ledger_peer_refusals_total{side,reason}</c>) and logged as a warning with its reason and
/// the peer, so a validator that cannot join is told why instead of failing silently. A peer
/// that retries many times a second would flood the log, so each kind of refusal on each side is
/// logged at most once per <see cref="LogEvery"/>, with the number left out since.
/// </summary>
public sealed partial class PeerRefusals(ILogger logger, Action<string, string> count, TimeProvider time)
{
    public static readonly TimeSpan LogEvery = TimeSpan.FromSeconds(10);

    // One entry per (side, kind): a bounded set of enum values.
    private readonly ConcurrentDictionary<(string Side, PeerRefusal Kind), (DateTimeOffset LoggedAt, int Suppressed)> _logged = new();

    /// <summary>A peer's incoming connection or call was refused.</summary>
    public void Inbound(PeerRefusal kind, string peer, string reason) => Record("inbound", kind, peer, reason);

    /// <summary>A peer this node dialled was refused (its certificate is not the validator dialled).</summary>
    public void Outbound(PeerRefusal kind, string peer, string reason) => Record("outbound", kind, peer, reason);

    private void Record(string side, PeerRefusal kind, string peer, string reason)
    {
        count(side, kind.ToString());
        var now = time.GetUtcNow();
        var suppressed = 0;
        var log = false;
        _logged.AddOrUpdate(
            (side, kind),
            _ =>
            {
                log = true;
                return (now, 0);
            },
            (_, last) =>
            {
                if (now - last.LoggedAt < LogEvery)
                {
                    return (last.LoggedAt, last.Suppressed + 1);
                }

                log = true;
                suppressed = last.Suppressed;
                return (now, 0);
            });
        if (log)
        {
            LogRefused(logger, side, kind, peer, reason, suppressed);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Peer refused ({Side}, {Kind}): {Peer}: {Reason} ({Suppressed} more of this kind not logged since the last)")]
    private static partial void LogRefused(ILogger logger, string side, PeerRefusal kind, string peer, string reason, int suppressed);
}
