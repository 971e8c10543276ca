using Ledger.Crypto;

namespace Ledger.Audit;

/// <summary>The first place where the stored chain and a replay from genesis disagree.</summary>
public sealed record AuditDivergence(ulong Height, Hash32 BlockId, string What, string Expected, string Actual)
{
    public override string ToString() =>
        $"height {Height} (block {BlockId.ToShortHex()}): {What}: stored {Actual}, replay gives {Expected}";
}
