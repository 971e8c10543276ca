using Ledger.TestKit;
using Ledger.TestKit.Chains;
using Ledger.Transactions;

namespace Ledger.Tests.Rules;

/// <summary>
/// Seeded fuzzing of the transaction and payload decoders around valid encodings of every
/// transaction kind: bad bytes from a peer or client may only surface as <see cref="FormatException"/>.
/// </summary>
public sealed class DecoderFuzzTests
{
    private const int Iterations = 3_000;
    private const int MaxTransactionBytes = 16 * 1024;

    private static readonly TestChain Chain = TestChain.Create(2);

    public static TheoryData<string> Kinds() => ["transfer", "enroll", "revoke", "validator-set-change"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void TransactionCodec_FuzzedBytes_ThrowsOnlyFormatException(string kind)
    {
        byte[] valid = Sample(kind).Encoded.ToArray();

        Assert.Empty(Fuzz(valid, kind.Length * 31, bytes => TransactionCodec.Decode(bytes, MaxTransactionBytes)));
    }

    [Fact]
    public void PayloadCodec_FuzzedBytes_ThrowsOnlyFormatException()
    {
        byte[] valid = PayloadCodec.Encode([Sample("transfer"), Sample("enroll"), Sample("revoke"), Sample("validator-set-change")]);
        var limits = new PayloadLimits(16, MaxTransactionBytes);

        Assert.Empty(Fuzz(valid, 17, bytes => PayloadCodec.Decode(bytes, limits)));
    }

    private static Transaction Sample(string kind)
    {
        if (kind == "transfer")
        {
            return Chain.Transfer(0, 1, 5, Chain.GenesisTimeMs);
        }

        if (kind == "enroll")
        {
            var (key, certificate) = Chain.NewMember(60, Chain.Org1);
            return TestChain.Enrolment(key, certificate);
        }

        if (kind == "revoke")
        {
            return TestChain.Revocation(Chain.Org2, [Chain.SerialOf(1)]);
        }

        // Every operation kind, and an approval (placeholder certificate bytes: the decoder does not judge them).
        var (admin, _) = Chain.NewMember(61, Chain.Org1, Crypto.Pki.CertificateRole.Admin);
        ValidatorSetChange change = ValidatorSetChange.Create(TestChain.ChainId, 1,
        [
            new AddOrganisation("org3", [0x30, 0x01], Chain.Members[0].PublicKey, [0x30, 0x02], [0x30, 0x03]),
            new RemoveOrganisation("org2"),
            new ReplaceConsensusKey(Chain.Members[0].PublicKey, Chain.Members[1].PublicKey, [0x30, 0x04]),
            new ReplaceTlsCertificate(Chain.Members[1].PublicKey, [0x30, 0x05]),
        ]);
        return change.WithApproval(change.Approve(admin, [0x30, 0x06]));
    }

    private static List<string> Fuzz(byte[] valid, int seed, Action<byte[]> decode) =>
        ByteFuzzer.FindUnexpectedExceptions(valid, seed, Iterations, decode);
}
