using Ledger.Crypto;
using Ledger.Execution;
using Ledger.Node.Mempool;
using Ledger.TestKit.Chains;
using Ledger.Transactions;

namespace Ledger.Node.Tests.Unit;

/// <summary>
/// Admission's signature batches go through the ledger's client signature check: Ed25519 on an
/// ordinary node, whatever the one host that injects another gives (the benchmark's `none`).
/// </summary>
public sealed class LedgerAdmissionTests : IDisposable
{
    private static readonly TestChain Chain = TestChain.Create();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ledger-admission-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly SignatureVerifierPool _verifiers = new(2, 1_000, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

    public void Dispose()
    {
        _verifiers.Dispose();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task VerifySignatures_OrdinaryEngine_RefusesTheForgedOne()
    {
        using var ledger = LedgerEngine.Open(_directory, Chain.Genesis);

        var (verdicts, _) = await VerifyAsync(ledger);

        Assert.Equal([true, false], verdicts!);
    }

    [Fact]
    public async Task VerifySignatures_EngineWithInjectedCheck_AsksThatCheck()
    {
        using var ledger = LedgerEngine.Open(_directory, Chain.Genesis, new LedgerEngineOptions { ClientSignatures = new AcceptEverything() });

        var (verdicts, forgedId) = await VerifyAsync(ledger);

        Assert.Equal([true, true], verdicts!);
        Assert.True(ledger.VerifiedCache.Contains(forgedId));
    }

    [Fact]
    public async Task SubmitAsync_CheckHeldOnAVerifierThread_ReturnsWithoutHoldingTheCallersThread()
    {
        // While the signature check is blocked on a gate, the submission has already handed its
        // thread back (a pending task), and the check runs on a verifier thread. Verified on the
        // caller's thread instead, the call would return only once the gate opened (or its bound
        // ran out), completed.
        using var gate = new ManualResetEventSlim();
        var check = new GatedCheck(gate);
        using var ledger = LedgerEngine.Open(_directory, Chain.Genesis, new LedgerEngineOptions { ClientSignatures = check });
        var pool = new TransactionPool(new LedgerAdmission(ledger, new RecentCommits(Chain.GenesisTimeMs, 60_000), _verifiers), 100, TimeSpan.FromSeconds(3));
        var now = DateTimeOffset.FromUnixTimeMilliseconds(Chain.GenesisTimeMs + 1_000);

        var pending = pool.SubmitAsync([Good().Encoded.ToArray()], now);
        var returnedWhileHeld = !pending.IsCompleted;
        var checkingThread = await check.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        gate.Set();
        var verdicts = await pending.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(returnedWhileHeld);
        Assert.StartsWith("ledger-verify-", checkingThread, StringComparison.Ordinal);
        Assert.Equal(SubmitStatus.Accepted, Assert.Single(verdicts).Status);
    }

    [Fact]
    public void CheckRules_ValidatorSetChangeOnAnOrdinaryNode_IsJudgedByItsRules()
    {
        // Changes are on in an ordinary node: an unapproved change is refused for its approvals, not as disabled.
        using var ledger = LedgerEngine.Open(_directory, Chain.Genesis);
        var admission = new LedgerAdmission(ledger, new RecentCommits(Chain.GenesisTimeMs, 60_000), _verifiers);
        ValidatorSetChange change = ValidatorSetChange.Create(Chain.Genesis.ChainId, 1, [new RemoveOrganisation("org2")]);

        AdmissionInspection inspection = admission.Inspect(change.Encoded.ToArray());
        (string Code, string Message)? refusal = admission.CheckRules(inspection, DateTimeOffset.FromUnixTimeMilliseconds(Chain.GenesisTimeMs));

        Assert.True(inspection.Passed);
        Assert.NotNull(refusal);
        Assert.NotEqual("ValidatorSetChangesDisabled", refusal.Value.Code);
    }

    [Fact]
    public void CheckRules_ValidatorSetChangesTurnedOff_IsRefusedAsNotEnabled()
    {
        using var ledger = LedgerEngine.Open(_directory, Chain.Genesis, new LedgerEngineOptions { EnableValidatorSetChanges = false });
        var admission = new LedgerAdmission(ledger, new RecentCommits(Chain.GenesisTimeMs, 60_000), _verifiers);
        ValidatorSetChange change = ValidatorSetChange.Create(Chain.Genesis.ChainId, 1, [new RemoveOrganisation("org2")]);

        AdmissionInspection inspection = admission.Inspect(change.Encoded.ToArray());
        (string Code, string Message)? refusal = admission.CheckRules(inspection, DateTimeOffset.FromUnixTimeMilliseconds(Chain.GenesisTimeMs));

        Assert.True(inspection.Passed);
        Assert.Equal(("ValidatorSetChangesDisabled", "validator-set changes are not enabled on this node"), refusal);
    }

    private static Transfer Good() => Chain.Transfer(0, 1, 10, Chain.GenesisTimeMs + 1_000);

    private static Transfer Forge(Transfer good)
    {
        byte[] signature = good.Signature.ToArray();
        signature[0] ^= 1;
        return new Transfer(good.ChainId, good.From, good.To, good.Amount, good.Nonce, good.TimestampMs, new Signature(signature));
    }

    private async Task<(IReadOnlyList<bool>? Verdicts, Hash32 ForgedId)> VerifyAsync(LedgerEngine ledger)
    {
        var admission = new LedgerAdmission(ledger, new RecentCommits(Chain.GenesisTimeMs, 60_000), _verifiers);
        Transfer good = Good();
        var forged = Forge(good);
        var verdicts = await admission.VerifySignaturesAsync(
            [admission.Inspect(good.Encoded.ToArray()), admission.Inspect(forged.Encoded.ToArray())], waitForRoom: false, CancellationToken.None);
        return (verdicts, forged.Id);
    }

    private sealed class GatedCheck(ManualResetEventSlim gate) : IClientSignatureCheck
    {
        public TaskCompletionSource<string> Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Verify(Transaction transaction)
        {
            Entered.TrySetResult(Thread.CurrentThread.Name ?? "unnamed");
            return gate.Wait(TimeSpan.FromSeconds(30)) && Ed25519ClientSignatureCheck.Instance.Verify(transaction);
        }

        public int FirstInvalid(IReadOnlyList<Transaction> transactions, IReadOnlyList<int> pending) => -1;
    }

    private sealed class AcceptEverything : IClientSignatureCheck
    {
        public bool Verify(Transaction transaction) => true;

        public int FirstInvalid(IReadOnlyList<Transaction> transactions, IReadOnlyList<int> pending) => -1;
    }
}
