namespace Ledger.TestKit;

/// <summary>A file flush (<see cref="Directory"/> null) or a directory flush with the names it then held.</summary>
public sealed record DurabilityEvent(string? Directory, IReadOnlyList<string> Names)
{
    public bool IsFileFlush => Directory is null;
}
