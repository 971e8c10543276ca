using Ledger.Crypto;

namespace Ledger.Client.Evidence;

/// <summary>
/// A balance proven against a certified state root at a committed height. <see cref="BlockTimestampMs"/>
/// is that block's timestamp, which the state root commits to: certified ledger time. The address
/// is the account's key under the chain's prefix (genesis alone gives it). <see cref="Status"/> is
/// the account's proven status at that height (null when there is no such account): the state
/// records that its certificate was revoked, not the height at which it was. <see cref="Header"/> is
/// the certified state header the proof reached (epoch and validator roster root included).
/// </summary>
public sealed record VerifiedBalance(PublicKey Account, ulong Balance, bool Exists, ulong Height, Hash32 StateRoot, ulong TotalSupply, long BlockTimestampMs, string Address,
    Ledger.State.AccountStatus? Status = null, Ledger.State.StateHeader? Header = null)
{
    public bool Revoked => Status == Ledger.State.AccountStatus.Revoked;
}
