namespace Ledger.Chaos.Byzantine;

/// <summary>How hard a Byzantine validator pushes: bounded, so the machine running a chaos test stays usable.</summary>
public sealed record ByzantineLimits
{
    /// <summary>At most one oversize proposal per this interval (each is a few megabytes to every peer).</summary>
    public TimeSpan OversizeEvery { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Payload of an oversize proposal: one byte above the node's consensus payload cap.</summary>
    public int OversizePayloadBytes { get; init; } = Node.Hosting.NodeHost.ConsensusMaxPayloadBytes + 1;

    /// <summary>Far-future timeouts (and votes) added to each message sent.</summary>
    public int FloodPerMessage { get; init; } = 4;

    /// <summary>Old messages kept for replay.</summary>
    public int ReplayHistory { get; init; } = 256;

    /// <summary>Largest random malformed message.</summary>
    public int MalformedMaxBytes { get; init; } = 4096;
}
