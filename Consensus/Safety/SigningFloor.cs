namespace Ledger.Consensus.Safety;

/// <summary>
/// What a replica that lost its safety record learned from its peers (docs/PROTOCOL.md, "Recovering
/// a floor"): every round it could have signed in before is at most <paramref name="Round"/> of
/// <paramref name="Epoch"/>, or round 1 of the epoch after. It signs no vote or proposal in those
/// rounds, and no timeout either except one of round 1, whose signed bytes are fixed
/// (epoch, 1, high QC round 0), so signing it again repeats the same signature.
/// </summary>
public sealed record SigningFloor(ulong Epoch, ulong Round)
{
    /// <summary>Whether a vote or proposal (<paramref name="timeout"/> false) or a timeout in this round may repeat one signed before the record was lost.</summary>
    public bool Forbids(ulong epoch, ulong round, bool timeout)
    {
        if (timeout && round == 1)
        {
            return false;
        }

        return epoch < Epoch
            || (epoch == Epoch && round <= Round)
            || (epoch == Epoch + 1 && round <= 1);
    }
}
