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

    public static TheoryData<string> Kinds() => ["transfer", "enroll", "revoke"];

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
        byte[] valid = PayloadCodec.Encode([Sample("transfer"), Sample("enroll"), Sample("revoke")]);
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

        return TestChain.Revocation(Chain.Org2, [Chain.SerialOf(1)]);
    }

    private static List<string> Fuzz(byte[] valid, int seed, Action<byte[]> decode) =>
        ByteFuzzer.FindUnexpectedExceptions(valid, seed, Iterations, decode);
}
