using System.Text;
using Ledger.Crypto;

namespace Ledger.TestKit.Chains;

/// <summary>Deterministic block ids for ledger tests: one per (height, branch).</summary>
public static class TestBlocks
{
    public static Hash32 Id(ulong height, int branch = 0) => Hash32.Sha256(Encoding.UTF8.GetBytes($"test-block/{height}/{branch}"));
}
