using System.Diagnostics;
using System.Security.Cryptography;
using Ledger.Crypto;
using Ledger.Execution;
using Ledger.Membership;
using Ledger.State;
using Ledger.Storage;
using Ledger.Transactions;

namespace Ledger.Cli.Bench;

/// <summary>
/// Execution (and optionally LiteDB commit) of pre-verified transfers over many accounts, on
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
    /// Blocks committed, untimed, before the timed execution + commit run: LiteDB checkpoints
    /// about every fifth block of 2,000 transfers, and its checkpoint code reaches tier 1 only
    /// after some 60 calls (30 in tier 0, 30 instrumented).
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
        new LedgerRules(ChainId, 10 * 60 * 1000, 30 * 1000, new PayloadLimits(100_000, 16 * 1024)),
        new MembershipAuthority([]));

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
        var accounts = new Account[_accounts];
        for (int i = 0; i < _accounts; i++)
        {
            accounts[i] = new Account(_keys[i], OpeningBalance, AccountStatus.Active, Hash32.Zero);
            if ((i + 1) % 250_000 == 0)
            {
                _progress($"  accounts {i + 1:N0} / {_accounts:N0}");
            }
        }

        _progress("  building the state tree ...");
        Genesis = LedgerState.Create(accounts, [], [], 0, StartMs);
        accounts = [];
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
    /// same reason as <see cref="WarmUp"/>: the storage path (encoding, LiteDB insert, commit,
    /// checkpoint) also runs once per block and would otherwise be timed in its tier-0 and
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
                store.Append(new ExecutionResult(block, genesis, Hash32.Zero, receipts, new StateChanges(accounts, seen, [], [])), new byte[200]);
            }
        }

        Directory.Delete(scratchDirectory, true);
    }

    /// <summary>
    /// Wall time and process CPU time (all threads: GC included), so a busy machine does not
    /// hide the cost, and what the run cost the garbage collector.
    /// </summary>
    public LedgerBenchRun Run(LedgerStore? store)
    {
        LedgerState state = Genesis ?? throw new InvalidOperationException("call Setup first");
        int failed = 0;
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

            store?.Append(result, new byte[200]);
            state = result.State;
            parent = id;
        }

        TimeSpan elapsed = clock.Elapsed;
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        return new LedgerBenchRun(elapsed, cpu, state, failed, GcSnapshot.Take() - gcBefore);
    }

    private static long Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(true);
    }
}
