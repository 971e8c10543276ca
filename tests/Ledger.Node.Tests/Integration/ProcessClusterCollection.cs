namespace Ledger.Node.Tests.Integration;

/// <summary>
/// Tests that each start four validator processes (<see cref="ClusterHarness"/>) run one after
/// another: on a 2-core machine, three clusters starting at once can miss their start-up window.
/// <see cref="SecondProcessClusterCollection"/> is the one other line that runs beside this one.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ProcessClusterCollection
{
    public const string Name = "Process clusters";
}
