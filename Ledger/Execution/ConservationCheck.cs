using Ledger.Crypto;

namespace Ledger.Execution;

/// <summary>
/// The per-block conservation invariant: over every account the block touched, the sum of
/// balance decreases (debits) equals the sum of increases (credits), so the total supply is
/// unchanged. Sums are 128-bit, so no sum of 64-bit balances can overflow the check itself.
/// </summary>
public static class ConservationCheck
{
    public static void Verify(Hash32 blockId, ulong height, IReadOnlyList<TouchedBalance> touched)
    {
        ArgumentNullException.ThrowIfNull(touched);
        UInt128 debits = 0;
        UInt128 credits = 0;
        foreach (TouchedBalance balance in touched)
        {
            if (balance.After < balance.Before)
            {
                debits += balance.Before - balance.After;
            }
            else
            {
                credits += balance.After - balance.Before;
            }
        }

        if (debits != credits)
        {
            PublicKey[] changed = [.. touched.Where(t => t.Before != t.After).Select(t => t.Account).Order()];
            throw new ConservationViolationException(blockId, height, $"debits {debits} != credits {credits}", changed);
        }
    }
}
