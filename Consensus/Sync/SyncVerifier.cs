using Ledger.Consensus.Messages;
using Ledger.Consensus.Verification;

namespace Ledger.Consensus.Sync;

/// <summary>
/// Checks a <see cref="SyncResponse"/> is a valid QC chain: consecutive heights, each block
/// correctly signed by its round's leader and extending its predecessor through a valid justify
/// QC, a valid tip QC certifying the last block, and each block's timestamp after its
/// predecessor's and within the window around its QC's median signer clock (BFT time: the blocks
/// were never judged timely by this replica, so their QCs must show honest clocks admitted them).
/// Every block and QC must be of the verifier's epoch, and epoch-end QCs, when present, must
/// complete the last block's commit evidence. Whether the first block hangs off a block the
/// requester holds is the requester's check.
/// </summary>
public static class SyncVerifier
{
    /// <returns>null when valid, else the reason.</returns>
    public static string? Check(SyncResponse response, MessageVerifier verifier, int maxPayloadBytes, BlockTimeWindow timeWindow)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(verifier);
        if (response.Blocks.Count == 0)
        {
            return response.TipQc is null ? null : "tip QC without blocks";
        }

        if (response.TipQc is null)
        {
            return "sync response without a tip QC";
        }

        for (int i = 0; i < response.Blocks.Count; i++)
        {
            Block block = response.Blocks[i];
            if (i > 0 && (block.ParentId != response.Blocks[i - 1].Id || block.Height != response.Blocks[i - 1].Height + 1))
            {
                return $"block {i} does not extend block {i - 1}";
            }

            if (i > 0 && block.TimestampMs <= response.Blocks[i - 1].TimestampMs)
            {
                return $"block {i} has a timestamp not after block {i - 1}'s";
            }

            if (verifier.CheckBlock(block, maxPayloadBytes) is { } error)
            {
                return $"block {i}: {error}";
            }
        }

        Block last = response.Blocks[^1];
        if (response.TipQc.BlockId != last.Id || response.TipQc.Height != last.Height || response.TipQc.Round != last.Round
            || response.TipQc.Data.ParentId != last.ParentId || response.TipQc.Data.ParentRound != last.Justify.Round)
        {
            return "tip QC does not certify the last block";
        }

        if (verifier.CheckQc(response.TipQc) is { } qcError)
        {
            return $"tip QC: {qcError}";
        }

        // An answer ending at an epoch-ending block proves it committed, in its own epoch's set.
        if (response.EpochEndQcs.Count > SyncResponse.MaxEpochEndQcs)
        {
            return $"{response.EpochEndQcs.Count} epoch-end QCs exceed {SyncResponse.MaxEpochEndQcs}";
        }

        if (response.EpochEndQcs.Count > 0
            && CommitEvidence.Verify(last.Id, [response.TipQc, .. response.EpochEndQcs], verifier) is { } endError)
        {
            return $"epoch-end evidence: {endError}";
        }

        // Every QC is valid by now: block i's is block i + 1's justify, the last one's the tip QC.
        for (int i = 0; i < response.Blocks.Count; i++)
        {
            QuorumCertificate qc = i + 1 < response.Blocks.Count ? response.Blocks[i + 1].Justify : response.TipQc;
            if (timeWindow.CheckCertified(response.Blocks[i], qc) is { } timeError)
            {
                return $"block {i}: {timeError}";
            }
        }

        return null;
    }
}
