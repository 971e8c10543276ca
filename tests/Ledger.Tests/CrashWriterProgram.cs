using Ledger.Crypto;
using Ledger.Genesis;
using Ledger.TestKit.Chains;
using Ledger.Transactions;

namespace Ledger.Tests;

/// <summary>
/// The entry point of this assembly when run as a program (`dotnet Ledger.Tests.dll
/// crash-writer DIR`): commits blocks to the ledger in DIR as fast as it can and prints each
/// committed height, until the crash test kills it with SIGKILL. The test host never calls it.
/// </summary>
public static class CrashWriterProgram
{
    public static int Main(string[] args)
    {
        if (args.Length != 2 || args[0] != "crash-writer")
        {
            Console.Error.WriteLine("usage: Ledger.Tests crash-writer DIR");
            return 2;
        }

        GenesisDocument genesis = GenesisDocument.Load(Path.Combine(args[1], "genesis.json"));
        SigningKey[] keys = [.. Enumerable.Range(0, genesis.Members.Count).Select(TestChain.KeyFor)];
        using LedgerEngine engine = LedgerEngine.Open(args[1], genesis);
        var random = new Random();
        while (true)
        {
            CommittedView head = engine.Committed;
            ulong height = head.Height + 1;
            long timestamp = genesis.GenesisTimeMs + (long)height * 10;
            var transfers = new List<Transaction>();
            for (int i = 0; i < 200; i++)
            {
                int from = random.Next(keys.Length);
                transfers.Add(Transfer.Create(genesis.ChainId, keys[from], keys[random.Next(keys.Length)].PublicKey, (ulong)random.Next(1, 100), TransferNonce.Random(), timestamp));
            }

            Hash32 blockId = Hash32.Sha256([.. head.BlockId.ToArray(), .. BitConverter.GetBytes(height)]);
            engine.Execute(head.BlockId, blockId, height, timestamp, transfers);
            engine.Commit(blockId, new byte[512]);
            Console.Out.WriteLine($"committed {height}");
            Console.Out.Flush();
        }
    }
}
