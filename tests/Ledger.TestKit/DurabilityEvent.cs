namespace Ledger.TestKit;

/// <summary>
/// A file flush (<see cref="Directory"/> null; <see cref="DataOnly"/> when it was an fdatasync) or a
/// directory flush with the names it then held.
/// </summary>
public sealed record DurabilityEvent(string? Directory, IReadOnlyList<string> Names, bool DataOnly = false)
{
    public bool IsFileFlush => Directory is null;
}
