using System.Diagnostics;
using System.Security.Cryptography;
using Ledger.Crypto;
using Ledger.Execution;
using Ledger.State;
using Ledger.Storage;
using Ledger.Transactions;

namespace Ledger.Cli.Bench;

/// <summary>
/// Execution (and optionally the commit to the ledger store) of pre-verified transfers over many accounts, on
/// the calling thread only. Account keys and signatures are random bytes: the transfers are
/// marked verified, so no curve arithmetic is timed, which is what "pre-verified" means.
/// </summary>
public sealed class LedgerBenchmark
{
    public const string ChainId = "bench";
    private const long StartMs = 1_772_323_200_000;
    private const ulong OpeningBalance = 1_000_000_000;

    /// <summary>Blocks executed, untimed, before the timed run.</summary>
    public const int WarmUpBlocks = 100;

    /// <summary>
    /// Blocks committed, untimed, before the timed execution + commit run: the commit path runs
    /// once per block, and LiteDB's checkpoint (now every few hundred blocks, the index documents
    /// being small) only every so often, so their code reaches tier 1 only after many blocks.
    /// </summary>
    public const int WarmUpCommitBlocks = 400;

    private readonly int _accounts;
    private readonly int _transfers;
    private readonly int _blockSize;
    private readonly Action<string> _progress;
    private PublicKey[] _keys = [];

    public LedgerBenchmark(int accounts, int transfers, int blockSize, Action<string> progress)
    {
        _accounts = accounts;
        _transfers = transfers;
        _blockSize = blockSize;
        _progress = progress;
    }

    public LedgerState? Genesis { get; private set; }

    public long StateBytes { get; private set; }

    public TimeSpan SetupTime { get; private set; }

    public List<Transaction[]> Blocks { get; } = [];

    public VerifiedTransactionCache Verified { get; private set; } = new(1);

    public BlockExecutor Executor { get; } = new(
        new LedgerRules(ChainId, 10 * 60 * 1000, 30 * 1000, new PayloadLimits(100_000, 16 * 1024)));

    public void Setup()
    {
        var clock = Stopwatch.StartNew();
        var random = new Random(42);
        _keys = new PublicKey[_accounts];
        Span<byte> bytes = stackalloc byte[PublicKey.Size];
        for (int i = 0; i < _accounts; i++)
        {
            random.NextBytes(bytes);
            _keys[i] = new PublicKey(bytes);
        }

        long before = Settle();
        _progress($"  building the state tree of {_accounts:N0} accounts ...");
        Genesis = BuildGenesis();
        StateBytes = Settle() - before;

        _progress($"  signing-free transfers: {_transfers:N0} in blocks of {_blockSize:N0} ...");
        Verified = new VerifiedTransactionCache(Math.Max(1, _transfers));
        Span<byte> signature = stackalloc byte[Signature.Size];
        Span<byte> nonce = stackalloc byte[TransferNonce.Size];
        for (int made = 0, block = 1; made < _transfers; block++)
        {
            long timestamp = StartMs + block * 100L;
            var transactions = new Transaction[Math.Min(_blockSize, _transfers - made)];
            for (int i = 0; i < transactions.Length; i++)
            {
                RandomNumberGenerator.Fill(signature);
                random.NextBytes(nonce);
                var transfer = new Transfer(ChainId, _keys[random.Next(_accounts)], _keys[random.Next(_accounts)], (ulong)random.Next(1, 1000),
                    TransferNonce.FromBytes(nonce), timestamp, new Signature(signature));
                Verified.Add(transfer.Id);
                transactions[i] = transfer;
            }

            Blocks.Add(transactions);
            made += transactions.Length;
        }

        SetupTime = clock.Elapsed;
    }

    /// <summary>
    /// Executes blocks and throws the results away, so JIT tiering is not timed: a method called
    /// once per block reaches its final (tier-1) code only after some dozens of calls (tier 0,
    /// then an instrumented tier for profile-guided optimisation), so the warm-up executes
    /// <see cref="WarmUpBlocks"/> blocks, starting over from genesis whenever the block list
    /// runs out (replaying the list on its own result would only produce replay failures).
    /// </summary>
    public void WarmUp()
    {
        LedgerState genesis = Genesis ?? throw new InvalidOperationException("call Setup first");
        LedgerState state = genesis;
        for (int executed = 0, b = 0; executed < WarmUpBlocks; executed++, b++)
        {
            if (b == Blocks.Count)
            {
                b = 0;
                state = genesis;
            }

            ulong height = state.Height + 1;
            state = Executor.Execute(state, new BlockInput(Hash32.Zero, Hash32.Sha256(BitConverter.GetBytes(height)), height, StartMs + (b + 1) * 100L, Blocks[b]), Verified).State;
        }
    }

    /// <summary>
    /// Commits <see cref="WarmUpCommitBlocks"/> blocks to a scratch store (deleted afterwards), for the
    /// same reason as <see cref="WarmUp"/>: the storage path (encoding, the block file write, the
    /// LiteDB index commit and checkpoint) also runs once per block and would otherwise be timed in its tier-0 and
    /// instrumented code. Nothing is executed: the blocks are the benchmark's own transfers with
    /// made-up receipts and diffs of the real sizes (two accounts and one seen entry per
    /// transfer), so the ledger state is not touched again between the two timed runs.
    /// </summary>
    public void WarmUpCommit(string scratchDirectory)
    {
        LedgerState genesis = Genesis ?? throw new InvalidOperationException("call Setup first");
        using (LedgerStore store = LedgerStore.Open(scratchDirectory))
        {
            store.Initialise(Hash32.Sha256([0]));
            for (int b = 0; b < WarmUpCommitBlocks; b++)
            {
                store.Append(MadeUp(genesis, b), new byte[200]);
            }
        }

        Directory.Delete(scratchDirectory, true);
    }

    /// <summary>
    /// Commits the benchmark's blocks (made up as in <see cref="WarmUpCommit"/>, built before the
    /// clock starts) to a fresh store with nothing executed in between: the commit's own wall and
    /// process CPU time, apart from the execution it follows in <see cref="Run"/>.
    /// </summary>
    public (TimeSpan Elapsed, TimeSpan Cpu) CommitOnly(string scratchDirectory)
    {
        LedgerState genesis = Genesis ?? throw new InvalidOperationException("call Setup first");
        var results = new ExecutionResult[Blocks.Count];
        for (int b = 0; b < results.Length; b++)
        {
            results[b] = MadeUp(genesis, b);
        }

        try
        {
            using LedgerStore store = LedgerStore.Open(scratchDirectory);
            store.Initialise(Hash32.Sha256([0]));
            Settle();
            TimeSpan cpuBefore = Environment.CpuUsage.TotalTime;
            var clock = Stopwatch.StartNew();
            foreach (ExecutionResult result in results)
            {
                store.Append(result, new byte[200]);
            }

            return (clock.Elapsed, Environment.CpuUsage.TotalTime - cpuBefore);
        }
        finally
        {
            Directory.Delete(scratchDirectory, true);
        }
    }

    // Block b of the benchmark's transfers as if executed: one successful receipt, two accounts
    // and one seen entry per transfer, so the stored parts have their real sizes.
    private ExecutionResult MadeUp(LedgerState genesis, int b)
    {
        Transaction[] transactions = Blocks[b % Blocks.Count];
        var accounts = new Account[transactions.Length * 2];
        var seen = new SeenEntry[transactions.Length];
        var receipts = new Receipt[transactions.Length];
        for (int i = 0; i < transactions.Length; i++)
        {
            accounts[2 * i] = new Account(_keys[(2 * i) % _keys.Length], OpeningBalance, AccountStatus.Active, Hash32.Zero);
            accounts[(2 * i) + 1] = new Account(_keys[((2 * i) + 1) % _keys.Length], OpeningBalance, AccountStatus.Active, Hash32.Zero);
            seen[i] = new SeenEntry(StartMs + i, transactions[i].Id);
            receipts[i] = new Receipt(transactions[i].Id, ReceiptStatus.Success);
        }

        ulong height = (ulong)b + 1;
        var block = new BlockInput(Hash32.Zero, Hash32.Sha256(BitConverter.GetBytes(height)), height, StartMs + (b + 1) * 100L, transactions);
        return new ExecutionResult(block, genesis, receipts, new StateChanges(accounts, seen, [], []));
    }

    /// <summary>
    /// Wall time and process CPU time (all threads: GC included), so a busy machine does not
    /// hide the cost, and what the run cost the garbage collector. Each run starts from a genesis
    /// built afresh: the state tree's nodes live in an arena shared by every version derived from
    /// one genesis, so a second run from the same genesis would append to an arena the warm-up
    /// and the first run had grown, and compact at other blocks, which made it about 2 us per
    /// transfer slower with no store at all; that difference used to be counted as commit cost.
    /// </summary>
    public LedgerBenchRun Run(LedgerStore? store)
    {
        _ = Genesis ?? throw new InvalidOperationException("call Setup first");
        LedgerState state = BuildGenesis();
        Settle();
        int failed = 0;
        TimeSpan commitCpu = TimeSpan.Zero;
        TimeSpan commitWall = TimeSpan.Zero;
        Hash32 parent = Hash32.Sha256([0]);
        var gcBefore = GcSnapshot.Take();
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (int b = 0; b < Blocks.Count; b++)
        {
            ulong height = state.Height + 1;
            Hash32 id = Hash32.Sha256(BitConverter.GetBytes(height));
            ExecutionResult result = Executor.Execute(state, new BlockInput(parent, id, height, StartMs + (b + 1) * 100L, Blocks[b]), Verified);
            foreach (Receipt receipt in result.Receipts)
            {
                failed += receipt.Succeeded ? 0 : 1;
            }

            if (store is not null)
            {
                // getrusage, whole process: what the commit costs, GC included, apart from execution.
                TimeSpan commitCpuBefore = Environment.CpuUsage.TotalTime;
                long commitStart = Stopwatch.GetTimestamp();
                store.Append(result, new byte[200]);
                commitWall += Stopwatch.GetElapsedTime(commitStart);
                commitCpu += Environment.CpuUsage.TotalTime - commitCpuBefore;
            }
            state = result.State;
            parent = id;
        }

        TimeSpan elapsed = clock.Elapsed;
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        return new LedgerBenchRun(elapsed, cpu, state.TotalSupply, failed, GcSnapshot.Take() - gcBefore, commitWall, commitCpu);
    }

    // A genesis with every account at the opening balance, its tree in an arena of its own.
    private LedgerState BuildGenesis()
    {
        var accounts = new Account[_accounts];
        for (int i = 0; i < _accounts; i++)
        {
            accounts[i] = new Account(_keys[i], OpeningBalance, AccountStatus.Active, Hash32.Zero);
        }

        return LedgerState.Create(accounts, [], [], 0, StartMs);
    }

    private static long Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(true);
    }
}
