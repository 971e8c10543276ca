namespace Ledger.Node.Tests.Integration;

/// <summary>Tests sharing one <see cref="InProcessNetwork"/>; xUnit runs them one after another.</summary>
[CollectionDefinition(Name)]
public sealed class InProcessNetworkCollection : ICollectionFixture<InProcessNetwork>
{
    public const string Name = "in-process network";
}
