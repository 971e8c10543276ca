using System.CommandLine;
using System.Globalization;
using Ledger.Cli.Bench;
using Ledger.Cli.Support;
using Ledger.Genesis;
using Ledger.Node.Testnet;

namespace Ledger.Cli.Commands;

/// <summary>
/// `ledger bench restart`: grows one chain of empty blocks through the given lengths and, at each,
/// times a ledger open as a restarting node does (snapshot load + replay of the blocks after it),
/// with the blocks replayed, the records read and the memory held. The chain and its throwaway
/// genesis live in a temporary folder removed at the end.
/// </summary>
public static class BenchRestartCommand
{
    public static Command Create()
    {
        var lengths = new Option<string>("--blocks") { Description = "Chain lengths to measure at, comma-separated, increasing", DefaultValueFactory = _ => "10000,100000" };
        var every = new Option<int>("--snapshot-every") { Description = "Snapshot interval in blocks (0: none, every open replays from genesis)", DefaultValueFactory = _ => 1_000 };
        var idsPerBlock = new Option<int>("--ids-per-block") { Description = "0: execute every block (empty); more: write made-up blocks with this many transaction ids each straight into the store, executing only the last 500 (fast enough for 1,000,000 blocks)", DefaultValueFactory = _ => 0 };
        var stateSizes = new Option<string>("--state-accounts") { Description = "State sizes (accounts) to time a snapshot write and load at, comma-separated; empty skips", DefaultValueFactory = _ => "100000" };
        var keep = new Option<int>("--keep-blocks") { Description = "More than 0: after measuring each length, prune as storage.keepBlocks would (whole segments below min(the oldest snapshot, head - this)) and measure the open again", DefaultValueFactory = _ => 0 };
        var segment = new Option<long>("--segment-bytes") { Description = "Block segment size (storage.blockSegmentBytes); pruning drops whole segments", DefaultValueFactory = _ => 64L * 1024 * 1024 };
        var command = new Command("restart", "Ledger open time and memory against chain length (snapshots + replay), and snapshot cost against state size");
        command.Options.Add(lengths);
        command.Options.Add(every);
        command.Options.Add(stateSizes);
        command.Options.Add(idsPerBlock);
        command.Options.Add(keep);
        command.Options.Add(segment);
        command.SetAction(parse => CliGuard.Run(() =>
        {
            ulong[] heights;
            int[] sizes;
            try
            {
                heights = [.. parse.GetValue(lengths)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => ulong.Parse(v, NumberStyles.AllowThousands, CultureInfo.InvariantCulture))];
                sizes = [.. parse.GetValue(stateSizes)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => int.Parse(v, NumberStyles.AllowThousands, CultureInfo.InvariantCulture))];
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                throw new CliException("--blocks takes chain lengths such as 10000,100000 and --state-accounts sizes such as 100000,1000000");
            }

            if (sizes.Any(n => n < 1))
            {
                throw new CliException("--state-accounts sizes must be positive");
            }

            int interval = parse.GetValue(every);
            int ids = parse.GetValue(idsPerBlock);
            if (heights.Length == 0 || heights[0] == 0 || heights.Zip(heights.Skip(1)).Any(p => p.Second <= p.First) || interval < 0)
            {
                throw new CliException("--blocks must be increasing positive lengths and --snapshot-every 0 or more");
            }

            if (ids is < 0 or > 4_000 || (ids > 0 && heights.Zip(heights.Skip(1)).Any(p => p.Second - p.First <= ExecutedTail) || (ids > 0 && heights[0] <= ExecutedTail)))
            {
                throw new CliException($"--ids-per-block takes 0 to 4,000, and with made-up blocks the lengths must be more than {ExecutedTail} apart (the executed tail)");
            }

            int keepBlocks = parse.GetValue(keep);
            long segmentBytes = parse.GetValue(segment);
            if (keepBlocks < 0 || segmentBytes < Ledger.Storage.BlockFileOptions.MinimumSegmentBytes)
            {
                throw new CliException($"--keep-blocks must be 0 or more and --segment-bytes at least {Ledger.Storage.BlockFileOptions.MinimumSegmentBytes}");
            }

            Run(heights, interval, sizes, ids, keepBlocks, segmentBytes);
            return CliExit.Ok;
        }));
        return command;
    }

    // Blocks executed at the top of a made-up chain: the open replays them after the snapshot.
    private const int ExecutedTail = 500;

    private static void Run(ulong[] heights, int interval, int[] sizes, int idsPerBlock, int keepBlocks, long segmentBytes)
    {
        string root = Path.Combine(Path.GetTempPath(), "ledger-bench-restart-" + Guid.NewGuid().ToString("N"));
        try
        {
            TestnetBuilder.Build(root, new TestnetOptions { Organisations = 1, MembersPerOrganisation = 2 });
            GenesisDocument genesis = GenesisDocument.Load(Path.Combine(root, PkiLayout.GenesisFile));
            var bench = new RestartBenchmark(genesis, Path.Combine(root, "data"), interval, Console.WriteLine, segmentBytes);
            Console.WriteLine(idsPerBlock == 0
                ? $"ledger bench restart: empty blocks, a snapshot every {interval:N0} blocks, {genesis.Members.Count} accounts"
                : $"ledger bench restart: made-up blocks of {idsPerBlock} transaction ids each below {ExecutedTail} executed empty blocks, a snapshot every {interval:N0} blocks, an empty state");
            Console.WriteLine($"{"blocks",12} {"open ms",9} {"snapshot",10} {"replayed",9} {"records",8} {"held MB",8} {"WS MB",7}" + (idsPerBlock == 0 ? string.Empty : $" {"append us",9} {"hit us",7} {"miss us",7} {"runs",5} {"index KB",9}"));
            ulong previous = 0;
            foreach (ulong height in heights)
            {
                Console.WriteLine($"  growing the chain to {height:N0} blocks (not timed) ...");
                TimeSpan append = idsPerBlock == 0 ? TimeSpan.Zero : bench.GrowSynthetic(height, idsPerBlock, ExecutedTail);
                if (idsPerBlock == 0)
                {
                    bench.GrowTo(height);
                }

                RestartFigures f = bench.MeasureOpen();
                string line = $"{f.Height,12:N0} {f.Open.TotalMilliseconds,9:N0} {f.SnapshotHeight,10:N0} {f.BlocksReplayed,9:N0} {f.RecordsRead,8:N0} {f.HeldBytes / 1e6,8:N1} {f.WorkingSetBytes / 1e6,7:N0}";
                if (idsPerBlock > 0)
                {
                    TransactionIndexFigures t = bench.MeasureLookups(previous + 1, height - ExecutedTail + 1, idsPerBlock, 2_000);
                    line += $" {append.TotalMicroseconds,9:N0} {t.Hit.TotalMicroseconds,7:N1} {t.Miss.TotalMicroseconds,7:N1} {t.Runs,5} {t.BytesHeld / 1e3,9:N0}";
                }

                Console.WriteLine(line);
                if (keepBlocks > 0)
                {
                    Ledger.Storage.PruneResult pruned = bench.Prune(keepBlocks);
                    RestartFigures p = bench.MeasureOpen();
                    Console.WriteLine($"{"pruned",12} {p.Open.TotalMilliseconds,9:N0} {p.SnapshotHeight,10:N0} {p.BlocksReplayed,9:N0} {p.RecordsRead,8:N0} {p.HeldBytes / 1e6,8:N1} {p.WorkingSetBytes / 1e6,7:N0}  (first stored block {pruned.FirstHeight:N0}, {pruned.Segments} segments and {pruned.Bytes / 1e6:N1} MB dropped)");
                }

                previous = height;
            }

            if (sizes.Length > 0)
            {
                Console.WriteLine($"{"accounts",12} {"write ms",9} {"load ms",9} {"MB",8}");
            }

            foreach (int size in sizes)
            {
                (TimeSpan write, TimeSpan load, long bytes) = SnapshotSizeBenchmark.Measure(size, root);
                Console.WriteLine($"{size,12:N0} {write.TotalMilliseconds,9:N0} {load.TotalMilliseconds,9:N0} {bytes / 1e6,8:N1}");
            }
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }
}
