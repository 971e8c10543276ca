using Google.Protobuf;
using Ledger.Audit;
using Ledger.Client.Evidence;
using Ledger.Consensus.Messages;
using Ledger.Execution;
using Ledger.Genesis;
using Ledger.Storage;
using Ledger.Transactions;
using CommitEvidence = Ledger.Client.Protos.CommitEvidence;

namespace Ledger.Chaos.Checks;

/// <summary>
/// Reads the validators' stores once every validator has stopped: each is audited (replayed from
/// genesis: signatures, roots, receipts, conservation) with its commit certificates verified
/// against genesis as a wallet would, the stores must agree at every height they share, and the
/// longest one's blocks are returned for <see cref="ChainJudge"/>.
/// </summary>
public static class StoreScan
{
    /// <summary>The folder holding the ledger store inside a node's data directory (NodeHost.LedgerFolder).</summary>
    public const string LedgerFolder = Node.Hosting.NodeHost.LedgerFolder;

    public static IReadOnlyList<ChainBlock> Scan(CheckBook book, GenesisDocument genesis, IReadOnlyList<(string Node, string DataDirectory)> stores)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(genesis);
        ArgumentNullException.ThrowIfNull(stores);
        var verifier = new EvidenceVerifier(genesis);
        var genesisId = QuorumCertificate.GenesisBlockId(genesis.ChainId, verifier.GenesisStateRoot);
        var supply = genesis.Members.Aggregate(0UL, (sum, m) => sum + m.Balance);
        var summaries = new List<StoreSummary>();
        string? longest = null;
        foreach (var (node, data) in stores)
        {
            var folder = Path.Combine(data, LedgerFolder);
            if (!File.Exists(Path.Combine(folder, LedgerStore.FileName)))
            {
                book.Fail(CheckNames.Audit, $"{node} has no ledger store in {folder}");
                continue;
            }

            try
            {
                using var store = LedgerStore.Open(folder);
                var audit = ChainAuditor.Audit(store, genesis, store.GenesisBlockId ?? genesisId, block => CertificateProblem(verifier, block));
                book.Check(CheckNames.Audit, audit.Divergence is { } d ? $"{node}: {d}" : null);
                book.Check(CheckNames.Supply, audit.Clean && audit.TotalSupply != supply ? $"{node}'s replayed head holds total supply {audit.TotalSupply}, genesis {supply}" : null);
                var heads = store.ReadBlocks(1).Select(b => (b.Height, b.BlockId, b.StateRoot)).ToList();
                summaries.Add(new StoreSummary(node, audit, heads));
                if (longest is null || heads.Count > summaries.Single(s => s.Node == longest).Heads.Count)
                {
                    longest = node;
                }
            }
            catch (Exception e) when (e is DirectoryLockedException or StoreCorruptedException or IOException)
            {
                book.Fail(CheckNames.Audit, $"{node}'s store cannot be read: {e.Message}");
            }
        }

        Agree(book, summaries);
        return longest is null ? [] : ReadChain(genesis, stores.Single(s => s.Node == longest).DataDirectory);
    }

    // Every height two stores share holds the same block and state root in both.
    private static void Agree(CheckBook book, List<StoreSummary> summaries)
    {
        if (summaries.Count < 2)
        {
            return;
        }

        var reference = summaries.MaxBy(s => s.Heads.Count)!;
        foreach (var other in summaries.Where(s => s != reference))
        {
            var differ = other.Heads.Zip(reference.Heads).FirstOrDefault(p => p.First != p.Second);
            book.Check(CheckNames.RootsAgree, differ == default
                ? null
                : $"stores of {other.Node} and {reference.Node} differ at height {differ.First.Height}: block {differ.First.BlockId.ToShortHex()} root {differ.First.StateRoot.ToShortHex()} vs block {differ.Second.BlockId.ToShortHex()} root {differ.Second.StateRoot.ToShortHex()}");
        }
    }

    private static List<ChainBlock> ReadChain(GenesisDocument genesis, string data)
    {
        var limits = LedgerRules.From(genesis).Limits;
        using var store = LedgerStore.Open(Path.Combine(data, LedgerFolder));
        return store.ReadBlocks(1)
            .Select(b => new ChainBlock(b.Height, b.BlockId, b.StateRoot, PayloadCodec.Decode(b.Payload, limits), Receipt.DecodeAll(b.Receipts)))
            .ToList();
    }

    // The stored certificate must prove, with genesis keys alone, this very block and state root committed.
    private static string? CertificateProblem(EvidenceVerifier verifier, StoredBlock block)
    {
        try
        {
            var certified = verifier.VerifyCommitted(new CommitEvidence { Height = block.Height, Certificate = ByteString.CopyFrom(block.Certificate) });
            if (certified.Block is not { } proven || proven.Id != block.BlockId)
            {
                return $"the certificate proves block {certified.Block?.Id.ToShortHex() ?? "(none)"}, not {block.BlockId.ToShortHex()}";
            }

            return certified.StateRoot == block.StateRoot ? null : $"the certificate's QC signs state root {certified.StateRoot.ToShortHex()}, the store has {block.StateRoot.ToShortHex()}";
        }
        catch (EvidenceException e)
        {
            return e.Message;
        }
    }
}
