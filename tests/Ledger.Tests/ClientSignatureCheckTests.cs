using Ledger.Crypto;
using Ledger.Execution;
using Ledger.TestKit.Chains;
using Ledger.Transactions;

namespace Ledger.Tests;

/// <summary>
/// The client signature check is injected, not hard-wired: execution and admission both ask the
/// check they were given (the benchmark's `none` host gives one that accepts everything), and
/// without one they verify Ed25519.
/// </summary>
public sealed class ClientSignatureCheckTests : IDisposable
{
    private static readonly TestChain Chain = TestChain.Create();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "client-sig-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Execute_ForgedSignatureUnderInjectedAcceptingCheck_Executes()
    {
        var harness = new ExecutionHarness(Chain);
        var executor = new BlockExecutor(LedgerRules.From(Chain.Genesis), new AcceptEverything());
        Transfer forged = Forge(Chain.Transfer(0, 1, 10, harness.TimestampMs));

        ExecutionResult result = executor.Execute(harness.State, new BlockInput(TestBlocks.Id(0), TestBlocks.Id(1), 1, harness.TimestampMs, [forged]));

        Assert.Equal(ReceiptStatus.Success, result.Receipts[0].Status);
        Assert.IsType<AcceptEverything>(executor.ClientSignatures);
    }

    [Fact]
    public void Execute_NoCheckGiven_VerifiesEd25519()
    {
        var harness = new ExecutionHarness(Chain);
        var executor = new BlockExecutor(LedgerRules.From(Chain.Genesis));
        Transfer forged = Forge(Chain.Transfer(0, 1, 10, harness.TimestampMs));

        var refused = Assert.Throws<InvalidBlockException>(() => executor.Execute(harness.State, new BlockInput(TestBlocks.Id(0), TestBlocks.Id(1), 1, harness.TimestampMs, [forged])));

        Assert.Equal(InvalidBlockReason.BadSignature, refused.Reason);
        Assert.Same(Ed25519ClientSignatureCheck.Instance, executor.ClientSignatures);
    }

    [Fact]
    public void CheckTransfer_EngineWithInjectedAcceptingCheck_AdmitsForgedSignature()
    {
        using LedgerEngine engine = LedgerEngine.Open(_directory, Chain.Genesis, new LedgerEngineOptions { ClientSignatures = new AcceptEverything() });
        long now = Chain.GenesisTimeMs + 1_000;
        Transfer forged = Forge(Chain.Transfer(0, 1, 10, now));

        Assert.True(engine.CheckTransfer(forged, now).Accepted);
        Assert.True(engine.ClientSignatures.Verify(forged));
    }

    [Fact]
    public void CheckTransfer_EngineWithDefaultOptions_RefusesForgedSignature()
    {
        using LedgerEngine engine = LedgerEngine.Open(_directory, Chain.Genesis);
        long now = Chain.GenesisTimeMs + 1_000;
        Transfer good = Chain.Transfer(0, 1, 10, now);
        Transfer forged = Forge(good);

        Assert.Equal(AdmissionVerdict.BadSignature, engine.CheckTransfer(forged, now).Verdict);
        Assert.True(Ed25519ClientSignatureCheck.Instance.Verify(good));
        Assert.False(Ed25519ClientSignatureCheck.Instance.Verify(forged));
    }

    private static Transfer Forge(Transfer good)
    {
        byte[] signature = good.Signature.ToArray();
        signature[0] ^= 1;
        return new Transfer(good.ChainId, good.From, good.To, good.Amount, good.Nonce, good.TimestampMs, new Signature(signature));
    }

    private sealed class AcceptEverything : IClientSignatureCheck
    {
        public bool Verify(Transaction transaction) => true;

        public int FirstInvalid(IReadOnlyList<Transaction> transactions, IReadOnlyList<int> pending) => -1;
    }
}
