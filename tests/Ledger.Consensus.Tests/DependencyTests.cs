using System.Reflection;

namespace Ledger.Consensus.Tests;

public sealed class DependencyTests
{
    [Fact]
    public void ConsensusAssembly_ReferencesNoIoTransportOrLedgerAssembly()
    {
        string[] forbidden = ["Grpc", "LiteDB", "Serilog", "Google.Protobuf", "Ledger", "Ledger.Node"];

        AssemblyName[] references = typeof(ValidatorSet).Assembly.GetReferencedAssemblies();

        Assert.DoesNotContain(references, r => forbidden.Any(f => r.Name == f || r.Name!.StartsWith(f + ".", StringComparison.Ordinal) && r.Name != "Ledger.Crypto"));
        Assert.Contains(references, r => r.Name == "Ledger.Crypto");
    }
}
