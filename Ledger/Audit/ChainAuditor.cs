using Ledger.Crypto;
using Ledger.Execution;
using Ledger.Genesis;
using Ledger.Membership;
using Ledger.State;
using Ledger.Storage;
using Ledger.Transactions;

namespace Ledger.Audit;

/// <summary>
/// Replays a stored chain from genesis with nothing taken on trust: every payload is decoded
/// and every signature verified again (no cache), every block re-executed with the
/// conservation check, and the tx root, the state header (receipts root and transaction count
/// included) and its root, the receipts and the state diff compared with what was stored. Certificates are opaque to the ledger; a caller that can judge them passes a
/// check that returns null for a good certificate or the reason it is bad.
/// A store installed from a snapshot, or pruned, holds no block below its base: it is audited from
/// a snapshot at or above its base (whose rebuilt state must hash to the stored chain's root at its
/// height and hold genesis's supply), and the report says so (<see cref="AuditReport.StartHeight"/>); what lies
/// below cannot be re-verified here.
/// </summary>
public static class ChainAuditor
{
    public static AuditReport Audit(LedgerStore store, GenesisDocument genesis, Hash32 genesisBlockId,
        Func<StoredBlock, string?>? certificateCheck = null, IProgress<ulong>? progress = null, CommittedView? baseSnapshot = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(genesis);
        MembershipAuthority authority = MembershipAuthority.FromGenesis(genesis);
        var executor = new BlockExecutor(LedgerRules.From(genesis));
        LedgerState state = GenesisState.Build(genesis, authority);
        ulong supply = state.TotalSupply;
        ulong head = store.HeadHeight;
        Hash32 previous = genesisBlockId;
        ulong blocks = 0;
        long transactions = 0;
        long signatures = 0;
        ulong startHeight = 0;

        AuditReport Report(AuditDivergence? divergence) =>
            new(blocks, transactions, signatures, head, state.Root, state.TotalSupply, divergence) { StartHeight = startHeight };

        if (store.GenesisBlockId is { } storedGenesis && storedGenesis != genesisBlockId)
        {
            return Report(new AuditDivergence(0, storedGenesis, "genesis", genesisBlockId.ToHex(), storedGenesis.ToHex()));
        }

        if (store.Base is { } storeBase)
        {
            // Any snapshot at or above the base whose block and root are the stored chain's there
            // (a pruned store's base is a segment boundary, not a snapshot height).
            if (baseSnapshot is null || baseSnapshot.Height < storeBase.Height || store.CommittedRoot(baseSnapshot.Height) != (baseSnapshot.BlockId, baseSnapshot.StateRoot))
            {
                string found = baseSnapshot is null ? "no readable snapshot" : $"block {baseSnapshot.BlockId.ToShortHex()} at {baseSnapshot.Height} with root {baseSnapshot.StateRoot.ToShortHex()}";
                return Report(new AuditDivergence(storeBase.Height, storeBase.BlockId, "snapshot base", $"a snapshot with root {storeBase.StateRoot.ToShortHex()}", found));
            }

            if (baseSnapshot.State.TotalSupply != supply)
            {
                return Report(new AuditDivergence(storeBase.Height, storeBase.BlockId, "total supply", supply.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    baseSnapshot.State.TotalSupply.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            startHeight = baseSnapshot.Height;
            state = baseSnapshot.State;
            previous = baseSnapshot.BlockId;
        }

        for (ulong height = startHeight + 1; height <= head; height++)
        {
            StoredBlock? block = store.GetBlock(height);
            if (block is null)
            {
                return Report(new AuditDivergence(height, Hash32.Zero, "block missing below the head", "a block", "nothing"));
            }

            if (block.ParentBlockId != previous)
            {
                return Report(new AuditDivergence(height, block.BlockId, "parent block id", previous.ToHex(), block.ParentBlockId.ToHex()));
            }

            ExecutionResult result;
            try
            {
                IReadOnlyList<Transaction> txs = PayloadCodec.Decode(block.Payload, executor.Rules.Limits);
                result = executor.Execute(state, new BlockInput(block.ParentBlockId, block.BlockId, height, block.TimestampMs, txs));
                transactions += txs.Count;
                signatures += txs.Count(t => t is not Revoke);
            }
            catch (Exception e) when (e is FormatException or InvalidBlockException or ConservationViolationException)
            {
                return Report(new AuditDivergence(height, block.BlockId, "re-execution failed", "a valid block", e.Message));
            }

            AuditDivergence? divergence =
                Compare(block, "tx root", result.TxRoot.ToHex(), block.TxRoot.ToHex())
                ?? CompareHeaders(block, result.State.Header)
                ?? Compare(block, "receipts", Convert.ToHexStringLower(Receipt.EncodeAll(result.Receipts)), Convert.ToHexStringLower(block.Receipts))
                ?? Compare(block, "state diff", Convert.ToHexStringLower(StateChangesCodec.Encode(result.Changes)), Convert.ToHexStringLower(block.StateDiff))
                ?? Compare(block, "total supply", supply.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    result.State.TotalSupply.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (divergence is null && certificateCheck?.Invoke(block) is { } bad)
            {
                divergence = new AuditDivergence(height, block.BlockId, "certificate", "a valid certificate", bad);
            }

            if (divergence is not null)
            {
                return Report(divergence);
            }

            state = result.State;
            previous = block.BlockId;
            blocks++;
            progress?.Report(height);
        }

        return Report(null);
    }

    // The stored header is what the state root hashes (receipts root and transaction count
    // included); naming the fields that differ says which part of the state diverged.
    private static AuditDivergence? CompareHeaders(StoredBlock block, StateHeader computed)
    {
        IReadOnlyList<string> fields = computed.DifferingFields(block.Header);
        return fields.Count == 0 && computed.Root == block.StateRoot
            ? null
            : new AuditDivergence(block.Height, block.BlockId, $"state root ({string.Join(", ", fields)})", computed.Root.ToHex(), block.StateRoot.ToHex());
    }

    private static AuditDivergence? Compare(StoredBlock block, string what, string expected, string actual) =>
        string.Equals(expected, actual, StringComparison.Ordinal) ? null : new AuditDivergence(block.Height, block.BlockId, what, Shorten(expected), Shorten(actual));

    private static string Shorten(string value) => value.Length <= 80 ? value : $"{value[..64]}... ({value.Length / 2} bytes)";
}
