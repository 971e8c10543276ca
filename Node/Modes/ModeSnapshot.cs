namespace Ledger.Node.Modes;

/// <summary>The mode at one instant, why, and how stale the node's committed state is.</summary>
public sealed record ModeSnapshot(NodeMode Mode, string Reason, DateTimeOffset Since, DateTimeOffset LastCommit)
{
    public string Name => Mode.ToString().ToLowerInvariant();

    public TimeSpan Staleness(DateTimeOffset now) => now > LastCommit ? now - LastCommit : TimeSpan.Zero;
}
