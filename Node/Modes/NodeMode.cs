namespace Ledger.Node.Modes;

/// <summary>What a node can promise right now (ARCHITECTURE.md, "Evidence and modes").</summary>
public enum NodeMode
{
    /// <summary>Quorum reachable, committing.</summary>
    Target,

    /// <summary>No commit for a configured time: reads are served, labelled with their staleness.</summary>
    Degraded,

    /// <summary>Behind the network and fetching committed blocks from peers.</summary>
    Recovery,

    /// <summary>An invariant check failed; the node refuses to commit anything more.</summary>
    Halted,

    /// <summary>Far behind: signing nothing, stopping to install a peer's snapshot (the node restarts in its process).</summary>
    Installing,
}
