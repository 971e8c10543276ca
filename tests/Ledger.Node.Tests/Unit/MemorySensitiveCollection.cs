namespace Ledger.Node.Tests.Unit;

/// <summary>
/// Tests that measure the process's live memory: xUnit runs this collection alone, after the
/// parallel ones, so no other test's allocations land in the measurement.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemorySensitiveCollection
{
    public const string Name = "memory-sensitive";
}
