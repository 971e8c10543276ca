using Ledger.Client.Evidence;
using static Ledger.Node.Tests.Epochs.EpochProofChain;

namespace Ledger.Node.Tests.Epochs;

/// <summary>The wallet's cache of proven epochs: read back only through the same checks from genesis.</summary>
public sealed class EpochProofFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ledger-epoch-file-").FullName;

    public void Dispose() => Directory.Delete(_folder, true);

    private static ProvenEpochs Proven()
    {
        ProvenEpochs proven = NewProven();
        proven.Accept(Proof1);
        proven.Accept(Proof2);
        return proven;
    }

    [Fact]
    public void Save_ThenLoadIntoAFreshVerifier_ProvesTheSameEpochs()
    {
        EpochProofFile.Save(_folder, Proven());
        var ledger = new CertifiedEpochLedger();
        try
        {
            // The vector chain's epoch 0 is this genesis's set (TestKeys 0..3 on chain ledger-test).
            var verifier = new EvidenceVerifier(ledger.Genesis);

            int? loaded = EpochProofFile.Load(_folder, verifier);

            Assert.Equal(2, loaded);
            Assert.Equal(2UL, verifier.Epochs.Highest);
        }
        finally
        {
            ledger.Dispose();
        }
    }

    [Fact]
    public void Load_ForgedCache_IsIgnoredAndProvesNothing()
    {
        byte[] forged = EpochChangeProof.EncodeList([Proof1 with { Roster = Roster2.Encoded }]);
        File.WriteAllBytes(Path.Combine(_folder, EpochProofFile.FileName), forged);
        var ledger = new CertifiedEpochLedger();
        try
        {
            var verifier = new EvidenceVerifier(ledger.Genesis);

            int? loaded = EpochProofFile.Load(_folder, verifier);

            Assert.Null(loaded);
            Assert.Equal(0UL, verifier.Epochs.Highest);
        }
        finally
        {
            ledger.Dispose();
        }
    }

    [Fact]
    public void Load_DamagedCache_IsIgnored()
    {
        File.WriteAllBytes(Path.Combine(_folder, EpochProofFile.FileName), [0x00, 0x00, 0x00, 0x01, 0xff]);
        var ledger = new CertifiedEpochLedger();
        try
        {
            Assert.Null(EpochProofFile.Load(_folder, new EvidenceVerifier(ledger.Genesis)));
        }
        finally
        {
            ledger.Dispose();
        }
    }
}
