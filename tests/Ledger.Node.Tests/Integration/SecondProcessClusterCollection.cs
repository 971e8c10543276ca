namespace Ledger.Node.Tests.Integration;

/// <summary>
/// The second line of real-process cluster tests: run one after another like
/// <see cref="ProcessClusterCollection"/>, and beside it, so two clusters at most run at once in
/// this project (three starting together on a 2-core machine can miss their start-up window).
/// The tests here spend most of their time waiting on their cluster (the TLS replacement's 35 s
/// connection-renewal window, the wallet's waits on a killed node or a lost quorum), which is why
/// they overlap well with the first line; their share of the two lines is roughly even.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SecondProcessClusterCollection
{
    public const string Name = "Process clusters, second line";
}
