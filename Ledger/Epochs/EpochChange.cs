namespace Ledger.Epochs;

/// <summary>
/// What executing an epoch-ending block did: the state it leaves is in <see cref="Epoch"/> with
/// <see cref="Roster"/> in force (the epoch contract of issue 14: consensus learns it as the
/// block's next epoch and switches sets once the block commits).
/// </summary>
public sealed record EpochChange(ulong Epoch, ValidatorRoster Roster)
{
    /// <summary>The new validator set in leader order.</summary>
    public IReadOnlyList<ValidatorEntry> Validators => Roster.Validators;
}
