using System.CommandLine;
using System.Diagnostics;
using Ledger.Audit;
using Ledger.Cli.Support;
using Ledger.Crypto;
using Ledger.Genesis;
using Ledger.Snapshots;
using Ledger.Storage;

namespace Ledger.Cli.Commands;

/// <summary>
/// `ledger audit --data DIR [--genesis FILE]`: replays the stored chain from genesis, verifying
/// every signature, tx root, receipts root, state root, receipt, state diff and the conservation invariant,
/// and prints the first divergence or a clean summary. Exit 0 when clean, 1 on divergence.
/// </summary>
public static class AuditCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "The node's data directory (dataDir in node.json), or the ledger store folder inside it (holds ledger.db)", Required = true };
        var genesis = new Option<string?>("--genesis") { Description = "genesis.json (default: DIR/genesis.json)" };
        var genesisId = new Option<string?>("--genesis-block-id") { Description = "Expected parent id of height 1, hex (default: the one the store records)" };
        var command = new Command("audit", "Replay the stored chain from genesis and re-verify everything; report the first divergence");
        command.Options.Add(data);
        command.Options.Add(genesis);
        command.Options.Add(genesisId);
        command.SetAction(parse => CliGuard.Run(() => Run(parse.GetValue(data)!, parse.GetValue(genesis), parse.GetValue(genesisId))));
        return command;
    }

    /// <summary>The folder holding the store inside a node's data directory (NodeHost.LedgerFolder).</summary>
    private const string NodeLedgerFolder = "ledger";

    private static int Run(string directory, string? genesisPath, string? genesisIdHex)
    {
        if (!File.Exists(Path.Combine(directory, LedgerStore.FileName)) && File.Exists(Path.Combine(directory, NodeLedgerFolder, LedgerStore.FileName)))
        {
            // A node's data directory: its store is the ledger folder inside.
            directory = Path.Combine(directory, NodeLedgerFolder);
        }

        if (!File.Exists(Path.Combine(directory, LedgerStore.FileName)))
        {
            throw new CliException($"no ledger store ({LedgerStore.FileName}) in '{directory}' or in its '{NodeLedgerFolder}' folder");
        }

        genesisPath ??= Path.Combine(directory, "genesis.json");
        GenesisDocument genesis = GenesisDocument.FromJson(CliGuard.ReadFile(genesisPath, "genesis file"));
        Hash32? expected = null;
        if (genesisIdHex is not null)
        {
            expected = Hash32.TryFromHex(genesisIdHex, out Hash32 id) ? id : throw new CliException("--genesis-block-id must be 64 hex characters");
        }

        using LedgerStore store = OpenAlone(directory);
        Hash32 genesisId = expected ?? store.GenesisBlockId ?? GenesisState.DefaultBlockId(genesis);
        Console.WriteLine($"auditing {directory}: chain '{genesis.ChainId}', head height {store.HeadHeight}, genesis block {genesisId.ToShortHex()}");
        var clock = Stopwatch.StartNew();
        CommittedView? baseSnapshot = null;
        if (store.Base is { } storeBase)
        {
            // Installed from a snapshot at its base, or pruned up to a segment boundary: the audit
            // starts from the lowest snapshot at or above the base (the most blocks re-verified).
            ulong start = new SnapshotStore(directory, kept: 1, OsFileDurability.Instance).Heights().Where(h => h >= storeBase.Height).DefaultIfEmpty(storeBase.Height).Min();
            Console.WriteLine($"this store begins at block {store.FirstHeight} (installed from a snapshot, or older blocks pruned): it holds no block below it, so the audit starts from the snapshot at height {start} and cannot re-verify anything below that");
            baseSnapshot = ReadBaseSnapshot(directory, start);
        }

        AuditReport report = ChainAuditor.Audit(store, genesis, genesisId, certificateCheck: null, new EveryThousandBlocks(), baseSnapshot);
        string from = report.StartHeight == 0 ? "genesis" : $"the snapshot at height {report.StartHeight} (NOT re-verified below it)";
        Console.WriteLine($"audited from:         {from}");
        Console.WriteLine($"blocks checked:       {report.BlocksChecked} of {report.HeadHeight - report.StartHeight}");
        Console.WriteLine($"transactions:         {report.TransactionsChecked} ({report.SignaturesVerified} signatures verified)");
        Console.WriteLine($"certificates:         not checked here (opaque to the ledger; the node verifies quorum certificates)");
        Console.WriteLine($"elapsed:              {clock.Elapsed.TotalSeconds:0.00} s");
        if (report.Divergence is { } divergence)
        {
            Console.WriteLine($"DIVERGENCE at {divergence}");
            return CliExit.Rejected;
        }

        Console.WriteLine($"state root:           {report.StateRoot}");
        Console.WriteLine($"total supply:         {report.TotalSupply} (unchanged since genesis)");
        Console.WriteLine("clean: every signature, tx root, receipts root, state root, receipt, state diff and the conservation invariant check out");
        return CliExit.Ok;
    }

    // The snapshot a store installed from one begins with; null if it is missing or unreadable
    // (the audit then reports the base as divergent).
    private static CommittedView? ReadBaseSnapshot(string directory, ulong height)
    {
        try
        {
            return new SnapshotStore(directory, kept: 1, OsFileDurability.Instance).Read(height);
        }
        catch (Exception e) when (e is FormatException or IOException)
        {
            Console.WriteLine($"the snapshot at height {height} cannot be read: {e.Message}");
            return null;
        }
    }

    // The audit reads the store only while nothing else has it open: a running node's store is
    // refused, untouched (a second opener used to break it for good: see DirectoryLock).
    private static LedgerStore OpenAlone(string directory)
    {
        try
        {
            return LedgerStore.Open(directory);
        }
        catch (DirectoryLockedException e)
        {
            throw new CliException($"{e.Message}. Audit a node's store while the node is stopped, or a copy of its data folder taken while it was stopped");
        }
        catch (StoreCorruptedException e)
        {
            throw new CliException($"the store in '{directory}' cannot be opened: {e.Message}");
        }
    }

    // Reports on the calling thread, in order (Progress<T> would post to the thread pool).
    private sealed class EveryThousandBlocks : IProgress<ulong>
    {
        public void Report(ulong value)
        {
            if (value % 1000 == 0)
            {
                Console.WriteLine($"  ... height {value}");
            }
        }
    }
}
