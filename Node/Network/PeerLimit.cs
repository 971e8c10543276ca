namespace Ledger.Node.Network;

/// <summary>Which per-peer bound refused a request (<see cref="PeerRequestLimiter"/>).</summary>
public enum PeerLimit
{
    None,
    Concurrency,
    Rate,
}
