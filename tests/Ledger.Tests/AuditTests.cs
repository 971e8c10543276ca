using LiteDB;
using Ledger.Audit;
using Ledger.Genesis;
using Ledger.State;
using Ledger.Storage;
using Ledger.TestKit.Chains;

namespace Ledger.Tests;

public sealed class AuditTests : IDisposable
{
    private static readonly TestChain Chain = TestChain.Create();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ledger-audit-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, true);
        }
    }

    private void WriteChain(int blocks)
    {
        using LedgerEngine engine = LedgerEngine.Open(_directory, Chain.Genesis);
        for (ulong h = 1; h <= (ulong)blocks; h++)
        {
            long ts = Chain.GenesisTimeMs + (long)h * 1_000;
            engine.Execute(engine.Committed.BlockId, TestBlocks.Id(h), h, ts, [Chain.Transfer((int)h % 4, (int)(h + 1) % 4, h, ts), Chain.Transfer(0, 0, 1, ts)]);
            engine.Commit(TestBlocks.Id(h), [(byte)h]);
        }
    }

    private AuditReport RunAudit(Func<StoredBlock, string?>? certificateCheck = null)
    {
        using LedgerStore store = LedgerStore.Open(_directory);
        return ChainAuditor.Audit(store, Chain.Genesis, GenesisState.DefaultBlockId(Chain.Genesis), certificateCheck);
    }

    [Fact]
    public void Audit_CleanChain_ReportsEverythingChecked()
    {
        WriteChain(5);
        AuditReport report = RunAudit();
        Assert.True(report.Clean);
        Assert.Equal(5UL, report.BlocksChecked);
        Assert.Equal(10, report.TransactionsChecked);
        Assert.Equal(4_000UL, report.TotalSupply);
    }

    [Fact]
    public void Audit_TamperedStateRoot_ReportsFirstDivergence()
    {
        WriteChain(5);
        TamperHeader(3, h => h with { AccountsRoot = Crypto.Hash32.Zero });
        AuditReport report = RunAudit();
        Assert.False(report.Clean);
        Assert.Equal(3UL, report.Divergence!.Height);
        Assert.Equal("state root (accounts root)", report.Divergence.What);
        Assert.Equal(2UL, report.BlocksChecked);
    }

    [Fact]
    public void Audit_TamperedReceiptsRoot_ReportsIt()
    {
        WriteChain(4);
        TamperHeader(2, h => h with { ReceiptsRoot = Crypto.Hash32.Sha256([7]) });
        AuditReport report = RunAudit();
        Assert.Equal(("state root (receipts root)", 2UL), (report.Divergence!.What, report.Divergence.Height));
    }

    [Fact]
    public void Audit_ForgedReceiptStatus_ReportsIt()
    {
        WriteChain(3);
        ForgeReceiptStatus(2, 0, Execution.ReceiptStatus.InsufficientFunds);
        AuditReport report = RunAudit();
        Assert.Equal(("receipts", 2UL), (report.Divergence!.What, report.Divergence.Height));
    }

    [Fact]
    public void Audit_TamperedPayloadSignature_ReportsReexecutionFailure()
    {
        WriteChain(4);
        // A record forged with a valid checksum: only re-executing its payload can tell.
        StoreFiles.ForgeRecord(_directory, 2, record => record[32 + StoreFiles.PayloadLength(record) - 70] ^= 1);

        AuditReport report = RunAudit();
        Assert.Equal(2UL, report.Divergence!.Height);
        Assert.Contains("invalid signature", report.Divergence.Actual, StringComparison.Ordinal);
    }

    [Fact]
    public void Audit_CertificateCheckRefuses_ReportsCertificate()
    {
        WriteChain(3);
        AuditReport report = RunAudit(b => b.Height == 2 ? "not a quorum" : null);
        Assert.Equal(("certificate", 2UL), (report.Divergence!.What, report.Divergence.Height));
    }

    [Fact]
    public void Open_TamperedDiff_RefusesToStart()
    {
        WriteChain(3);
        TamperHeader(2, h => h with { AccountsRoot = Crypto.Hash32.Zero });
        var e = Assert.Throws<StoreCorruptedException>(() => LedgerEngine.Open(_directory, Chain.Genesis));
        Assert.Contains("differing: accounts root", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_ForgedReceiptStatus_RefusesToStart()
    {
        // The record's checksum is recomputed: only the receipts root the state root commits can tell.
        WriteChain(3);
        ForgeReceiptStatus(2, 0, Execution.ReceiptStatus.InsufficientFunds);
        var e = Assert.Throws<StoreCorruptedException>(() => LedgerEngine.Open(_directory, Chain.Genesis));
        Assert.Contains("differing: receipts root", e.Message, StringComparison.Ordinal);
    }

    private void TamperHeader(long height, Func<StateHeader, StateHeader> change)
    {
        using var db = new LiteDatabase(Path.Combine(_directory, LedgerStore.FileName));
        BsonDocument block = db.GetCollection("blocks").FindById(height);
        block["header"] = change(StateHeader.FromBytes(block["header"].AsBinary)).ToBytes();
        db.GetCollection("blocks").Update(block);
    }

    // Rewrites receipt <paramref name="index"/>'s status inside block <paramref name="height"/>'s record.
    private void ForgeReceiptStatus(long height, int index, Execution.ReceiptStatus status) =>
        StoreFiles.ForgeRecord(_directory, height, record =>
        {
            int payload = StoreFiles.PayloadLength(record);
            int certificate = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(record.AsSpan(20));
            int receipts = 32 + payload + certificate;
            record[receipts + 4 + (index * Execution.Receipt.EncodedSize) + Crypto.Hash32.Size] = (byte)status;
        });
}
