namespace Ledger.Consensus;

/// <summary>
/// An epoch and its committee: what a block's execution reports when it applied a validator-set
/// change (<see cref="Core.BlockExecuted.NextEpoch"/>: the block is the epoch-ending block of
/// <c>Epoch - 1</c>), and what a replica runs in. See docs/PROTOCOL.md, "Epochs".
/// </summary>
public sealed record EpochChange(ulong Epoch, ValidatorSet Validators)
{
    /// <summary>Epoch 0 with genesis's committee.</summary>
    public static EpochChange Genesis(ValidatorSet validators) => new(0, validators);
}
