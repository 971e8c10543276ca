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

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void VerifySignatures_OrdinaryEngine_RefusesTheForgedOne()
    {
        using var ledger = LedgerEngine.Open(_directory, Chain.Genesis);

        Assert.Equal([true, false], Verify(ledger, out _));
    }

    [Fact]
    public void VerifySignatures_EngineWithInjectedCheck_AsksThatCheck()
    {
        using var ledger = LedgerEngine.Open(_directory, Chain.Genesis, new LedgerEngineOptions { ClientSignatures = new AcceptEverything() });

        Assert.Equal([true, true], Verify(ledger, out var forgedId));
        Assert.True(ledger.VerifiedCache.Contains(forgedId));
    }

    [Fact]
    public void CheckRules_ValidatorSetChangeOnAnOrdinaryNode_IsJudgedByItsRules()
    {
        // Changes are on in an ordinary node: an unapproved change is refused for its approvals, not as disabled.
        using var ledger = LedgerEngine.Open(_directory, Chain.Genesis);
        var admission = new LedgerAdmission(ledger, new RecentCommits(Chain.GenesisTimeMs, 60_000));
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
        var admission = new LedgerAdmission(ledger, new RecentCommits(Chain.GenesisTimeMs, 60_000));
        ValidatorSetChange change = ValidatorSetChange.Create(Chain.Genesis.ChainId, 1, [new RemoveOrganisation("org2")]);

        AdmissionInspection inspection = admission.Inspect(change.Encoded.ToArray());
        (string Code, string Message)? refusal = admission.CheckRules(inspection, DateTimeOffset.FromUnixTimeMilliseconds(Chain.GenesisTimeMs));

        Assert.True(inspection.Passed);
        Assert.Equal(("ValidatorSetChangesDisabled", "validator-set changes are not enabled on this node"), refusal);
    }

    private static IReadOnlyList<bool> Verify(LedgerEngine ledger, out Hash32 forgedId)
    {
        var admission = new LedgerAdmission(ledger, new RecentCommits(Chain.GenesisTimeMs, 60_000));
        Transfer good = Chain.Transfer(0, 1, 10, Chain.GenesisTimeMs + 1_000);
        byte[] signature = good.Signature.ToArray();
        signature[0] ^= 1;
        var forged = new Transfer(good.ChainId, good.From, good.To, good.Amount, good.Nonce, good.TimestampMs, new Signature(signature));
        forgedId = forged.Id;
        return admission.VerifySignatures([admission.Inspect(good.Encoded.ToArray()), admission.Inspect(forged.Encoded.ToArray())]);
    }

    private sealed class AcceptEverything : IClientSignatureCheck
    {
        public bool[] VerifyAll(IReadOnlyList<Transaction> transactions) => [.. transactions.Select(_ => true)];

        public int FirstInvalid(IReadOnlyList<Transaction> transactions, IReadOnlyList<int> pending) => -1;
    }
}
