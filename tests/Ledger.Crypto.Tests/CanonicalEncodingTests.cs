namespace Ledger.Crypto.Tests;

public sealed class CanonicalEncodingTests
{
    /// <summary>The golden vector documented in docs/PROTOCOL.md, section "Canonical encoding".</summary>
    private const string GoldenHex =
        "00000011" + "4c45444745522f76312f4578616d706c65" + // "LEDGER/v1/Example"
        "00000007" + "636861696e2d31" +                       // "chain-1"
        "07" +                                                // u8 7
        "01" +                                                // bool true
        "01020304" +                                          // u32 0x01020304
        "00000000000f4240" +                                  // u64 1000000
        "fffffffffffffffe" +                                  // i64 -2
        "00000004" + "deadbeef" +                             // bytes de ad be ef
        "00000003" + "68c3a9" +                               // string "hé" (UTF-8)
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"; // hash SHA-256("abc")

    private const string GoldenSha256 = "9055c233f3821f67fb064d67e6714a187ad9b25805d6e07be29ffab58b0a608d";

    private static CanonicalWriter GoldenWriter() =>
        CanonicalWriter.ForSigning("LEDGER/v1/Example", "chain-1")
            .WriteU8(0x07)
            .WriteBool(true)
            .WriteU32(0x01020304)
            .WriteU64(1_000_000)
            .WriteI64(-2)
            .WriteBytes([0xde, 0xad, 0xbe, 0xef])
            .WriteString("hé")
            .WriteHash(Hash32.Sha256("abc"u8));

    [Fact]
    public void ForSigning_GoldenVector_MatchesDocumentedBytes()
    {
        CanonicalWriter writer = GoldenWriter();

        Assert.Equal(GoldenHex, Convert.ToHexStringLower(writer.ToArray()));
        Assert.Equal(101, writer.Length);
        Assert.Equal(GoldenSha256, writer.Hash().ToHex());
    }

    [Fact]
    public void Reader_GoldenVector_ReadsBackEveryField()
    {
        var reader = new CanonicalReader(Convert.FromHexString(GoldenHex));

        Assert.Equal("LEDGER/v1/Example", reader.ReadString(64));
        Assert.Equal("chain-1", reader.ReadString(64));
        Assert.Equal(0x07, reader.ReadU8());
        Assert.True(reader.ReadBool());
        Assert.Equal(0x01020304u, reader.ReadU32());
        Assert.Equal(1_000_000ul, reader.ReadU64());
        Assert.Equal(-2L, reader.ReadI64());
        Assert.Equal(new byte[] { 0xde, 0xad, 0xbe, 0xef }, reader.ReadBytes(4));
        Assert.Equal("hé", reader.ReadString(3));
        Assert.Equal(Hash32.Sha256("abc"u8), reader.ReadHash());
        reader.EnsureEnd();
    }

    [Theory]
    [InlineData(0ul, -9223372036854775808L, 0u)]
    [InlineData(ulong.MaxValue, long.MaxValue, uint.MaxValue)]
    [InlineData(1ul, -1L, 255u)]
    public void RoundTrip_IntegersAtLimits_Survive(ulong u64, long i64, uint u32)
    {
        using var key = SigningKey.FromSeed(new byte[32]);
        byte[] payload = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        byte[] bytes = new CanonicalWriter().WriteU64(u64).WriteI64(i64).WriteU32(u32).WriteKey(key.PublicKey)
            .WriteBytes(payload).WriteBytes([]).WriteBool(false).ToArray();

        var reader = new CanonicalReader(bytes);

        Assert.Equal(u64, reader.ReadU64());
        Assert.Equal(i64, reader.ReadI64());
        Assert.Equal(u32, reader.ReadU32());
        Assert.Equal(key.PublicKey, reader.ReadKey());
        Assert.Equal(payload, reader.ReadBytes(300));
        Assert.Empty(reader.ReadBytes(0));
        Assert.False(reader.ReadBool());
        Assert.True(reader.AtEnd);
    }

    [Fact]
    public void Reader_TruncatedInput_ThrowsFormatException()
    {
        byte[] bytes = GoldenWriter().ToArray();

        for (int cut = 0; cut < bytes.Length; cut += 7)
        {
            byte[] truncated = bytes[..cut];
            Assert.Throws<FormatException>(() => ReadGolden(truncated));
        }
    }

    [Fact]
    public void Reader_TrailingBytes_FailEnsureEnd()
    {
        byte[] bytes = [.. GoldenWriter().ToArray(), 0x00];

        Assert.Throws<FormatException>(() => ReadGolden(bytes));
    }

    [Fact]
    public void Reader_OversizeLengthPrefix_ThrowsBeforeAllocating()
    {
        byte[] bytes = new CanonicalWriter().WriteU32(0xFFFFFFFF).ToArray();

        Assert.Throws<FormatException>(() => new CanonicalReader(bytes).ReadBytes(1024));
        Assert.Throws<FormatException>(() => new CanonicalReader(new CanonicalWriter().WriteBytes(new byte[10]).ToArray()).ReadBytes(9));
    }

    [Fact]
    public void Reader_BoolOtherThanZeroOrOne_IsRejected()
    {
        Assert.Throws<FormatException>(() => new CanonicalReader([0x02]).ReadBool());
    }

    [Fact]
    public void ForSigning_DifferentTagOrChain_GivesDifferentBytes()
    {
        byte[] a = CanonicalWriter.ForSigning(DomainTags.Transfer, "c").WriteU64(1).ToArray();
        byte[] b = CanonicalWriter.ForSigning(DomainTags.Vote, "c").WriteU64(1).ToArray();
        byte[] c = CanonicalWriter.ForSigning(DomainTags.Transfer, "d").WriteU64(1).ToArray();

        Assert.NotEqual(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void DomainTags_AreDistinctAndVersioned()
    {
        string[] tags = typeof(DomainTags).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToArray();

        Assert.Equal(tags.Length, tags.Distinct(StringComparer.Ordinal).Count());
        Assert.All(tags, t => Assert.StartsWith("LEDGER/v1/", t, StringComparison.Ordinal));
    }

    private static void ReadGolden(byte[] bytes)
    {
        var reader = new CanonicalReader(bytes);
        reader.ReadString(64);
        reader.ReadString(64);
        reader.ReadU8();
        reader.ReadBool();
        reader.ReadU32();
        reader.ReadU64();
        reader.ReadI64();
        reader.ReadBytes(4);
        reader.ReadString(3);
        reader.ReadHash();
        reader.EnsureEnd();
    }
}
