using Ledger.Client.Evidence;
using Ledger.Consensus.Messages;
using Ledger.Crypto;

namespace Ledger.Node.Runtime;

/// <summary>
/// The committed chain as consensus sees it (each committed block's certificate holds the
/// consensus block and its QC), safe to read from any thread. A block's height by its id comes
/// from the ledger store's on-disk index on block ids, through the store's gate, so nothing here
/// grows with the chain (it used to be an in-memory map of every committed id, filled at start by
/// reading every block); sync replies read the chain off the loop.
/// </summary>
public sealed class CommittedBlocks(LedgerEngine ledger, LedgerStoreGate store, string chainId)
{
    public bool TryGetHeight(Hash32 blockId, out ulong height)
    {
        ulong? found = store.Run(() => ledger.CommittedHeightOfBlock(blockId));
        height = found ?? 0;
        return found is not null;
    }

    public bool Contains(Hash32 blockId) => TryGetHeight(blockId, out _);

    /// <summary>The lowest committed block this node can serve: 0 (genesis) for a full store, the snapshot height for one installed from a snapshot (whose block comes with its certificate).</summary>
    public ulong BaseHeight => ledger.FirstHeight - 1;

    /// <summary>
    /// The committed block at <paramref name="height"/> with the QC that certifies it (height 0 is
    /// genesis, never a block). A store installed from a snapshot answers its base block from the
    /// base's certificate, and null below it: this runs on the event loop too, which a
    /// <see cref="Storage.BlockNotStoredException"/> would stop (peers' sync requests below the
    /// first stored height are refused before they get here, <see cref="SyncServer"/>).
    /// </summary>
    public (Block Block, QuorumCertificate Qc)? At(ulong height)
    {
        if (height == 0 || height < BaseHeight || store.Run(() => ledger.CertificateAt(height)) is not { } stored)
        {
            return null;
        }

        var certificate = CommitCertificate.Decode(stored);
        return (certificate.DecodeBlock(chainId), certificate.DecodeChain()[0]);
    }

    /// <summary>
    /// The commit evidence of committed block <paramref name="blockId"/> after its own QC (its
    /// suffix blocks' QCs, the last completing the two-chain), read from its stored commit
    /// certificate, which is that block's commit evidence; what a sync answer ending at an
    /// epoch-ending block carries (<see cref="SyncResponse.EpochEndQcs"/>). Null when the block is
    /// not committed here or its evidence is longer than <see cref="SyncResponse.MaxEpochEndQcs"/> allows.
    /// </summary>
    public IReadOnlyList<QuorumCertificate>? EvidenceAfter(Hash32 blockId)
    {
        if (!TryGetHeight(blockId, out var height) || height == 0 || height < BaseHeight || store.Run(() => ledger.CertificateAt(height)) is not { } stored)
        {
            return null;
        }

        var chain = CommitCertificate.Decode(stored).DecodeChain();
        return chain.Count > 1 && chain.Count - 1 <= SyncResponse.MaxEpochEndQcs && chain[0].BlockId == blockId ? [.. chain.Skip(1)] : null;
    }
}
