using Ledger.Addresses;
using Ledger.Crypto;
using Ledger.TestKit.Chains;
using NBitcoin.DataEncoders;

namespace Ledger.Tests;

/// <summary>
/// Addresses (docs/PROTOCOL.md, "Addresses"): the checksum is BIP-350's Bech32m (its published
/// vectors), the golden addresses come from an independent script
/// (Vectors/receipts_and_addresses.py), and every single-character typo is refused with its position.
/// </summary>
public sealed class AddressCodecTests
{
    private static readonly AddressCodec Codec = AddressCodec.ForChain(TestChain.ChainId);

    // BIP-350, "Test vectors for Bech32m": valid strings, then invalid ones.
    public static readonly TheoryData<string> Bip350Valid =
    [
        "A1LQFN3A",
        "a1lqfn3a",
        "an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6",
        "abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx",
        "11llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllludsr8",
        "split1checkupstagehandshakeupstreamerranterredcaperredlc445v",
        "?1v759aa",
    ];

    public static readonly TheoryData<string> Bip350Invalid =
    [
        "\u0020" + "1xj0phk",
        "\u007F" + "1g6xzxy",
        "\u0080" + "1vctc34",
        "an84characterslonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11d6pts4",
        "qyrz8wqd2c9m",
        "1qyrz8wqd2c9m",
        "y1b0jsk6g",
        "lt1igcx5c0",
        "in1muywd",
        "mm1crxm3i",
        "au1s5cgom",
        "M1VUXWEZ",
        "16plkw9",
        "1p2gdwpf",
    ];

    [Theory]
    [MemberData(nameof(Bip350Valid))]
    public void Bech32m_Bip350ValidVectors_DecodeAsBech32m(string vector)
    {
        Bech32Encoder encoder = Bech32Encoder.ExtractEncoderFromString(vector.ToLowerInvariant());
        encoder.DecodeDataRaw(vector.ToLowerInvariant(), out Bech32EncodingType type);
        Assert.Equal(Bech32EncodingType.BECH32M, type);
    }

    [Theory]
    [MemberData(nameof(Bip350Invalid))]
    public void Bech32m_Bip350InvalidVectors_AreRefused(string vector)
    {
        Assert.ThrowsAny<Exception>(() => Bech32Encoder.ExtractEncoderFromString(vector).DecodeDataRaw(vector, out _));
        int separator = vector.LastIndexOf('1');
        if (separator > 0 && vector[..separator].All(c => c is >= '!' and <= '~') && separator <= AddressCodec.MaxPrefixLength)
        {
            // Through the codec too, with the vector's own prefix: never a key.
            Assert.False(new AddressCodec(vector[..separator].ToLowerInvariant()).TryDecode(vector, out _, out _));
        }
    }

    [Fact]
    public void TryDecode_Bip350VectorOfTwentyBytes_PassesTheChecksumButIsNoKey()
    {
        // The checksum is accepted (so the reason is the length, not the checksum): the codec's
        // Bech32m is BIP-350's.
        Assert.False(new AddressCodec("abcdef").TryDecode("abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx", out _, out AddressError? error));
        Assert.Equal(AddressRefusal.WrongLength, error!.Reason);
        Assert.Contains("holds 20 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_Bip173Bech32String_IsRefusedAsNotBech32m()
    {
        // BIP-173's "A12UEL5L" (empty data) is valid Bech32, not Bech32m.
        Assert.False(new AddressCodec("a").TryDecode("A12UEL5L", out _, out AddressError? error));
        Assert.Equal(AddressRefusal.NotBech32m, error!.Reason);
    }

    [Fact]
    public void Encode_FixedKeys_MatchTheIndependentGoldenVectors()
    {
        using SigningKey first = TestChain.KeyFor(0);
        using SigningKey second = TestChain.KeyFor(1);
        Assert.Equal("ledger-test1v5clxmmcu5s50ktv9sp2rjtm4xmp340cryc7rglsltew7uw97ywsaacgul", Codec.Encode(first.PublicKey));
        Assert.Equal("ledger-test10y9ck09kxcwlhcglyrd6m33dewts964tr9jyhwdr449ueq8m57asl8sjhv", Codec.Encode(second.PublicKey));
    }

    [Fact]
    public void Decode_EncodedKeys_RoundTripInEitherCase()
    {
        for (int i = 0; i < 50; i++)
        {
            PublicKey key = new(Hash32.Sha256(BitConverter.GetBytes(i)).ToArray());
            string address = Codec.Encode(key);
            Assert.Equal(70, address.Length);
            Assert.Equal(key, Codec.Decode(address));
            Assert.Equal(key, Codec.Decode(address.ToUpperInvariant()));
            Assert.Equal(key, Codec.Decode("  " + address + "\n"));
        }
    }

    [Fact]
    public void TryDecode_EverySingleCharacterTypo_IsRefusedAndMostAreLocated()
    {
        using SigningKey key = TestChain.KeyFor(0);
        string address = Codec.Encode(key.PublicKey);
        const string alphabet = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
        int typos = 0;
        int located = 0;
        for (int position = Codec.Prefix.Length + 1; position < address.Length; position++)
        {
            foreach (char replacement in alphabet.Where(c => c != address[position]))
            {
                string typo = address[..position] + replacement + address[(position + 1)..];
                Assert.False(Codec.TryDecode(typo, out _, out AddressError? error));
                Assert.Equal(AddressRefusal.BadChecksum, error!.Reason);
                typos++;
                located += error.Positions.SequenceEqual([position]) ? 1 : 0;
            }
        }

        Assert.Equal(58 * 31, typos);
        Assert.Equal(typos, located);
    }

    [Fact]
    public void TryDecode_SwappedMissingOrExtraCharacter_IsRefused()
    {
        using SigningKey key = TestChain.KeyFor(0);
        string address = Codec.Encode(key.PublicKey);
        for (int i = Codec.Prefix.Length + 1; i < address.Length - 1; i++)
        {
            if (address[i] != address[i + 1])
            {
                string swapped = address[..i] + address[i + 1] + address[i] + address[(i + 2)..];
                Assert.False(Codec.TryDecode(swapped, out _, out _), swapped);
            }

            Assert.False(Codec.TryDecode(address.Remove(i, 1), out _, out _));
            Assert.False(Codec.TryDecode(address.Insert(i, "q"), out _, out _));
        }
    }

    [Fact]
    public void TryDecode_CharacterOutsideTheAlphabet_NamesIt()
    {
        using SigningKey key = TestChain.KeyFor(0);
        string address = Codec.Encode(key.PublicKey);
        string typo = address[..20] + "b" + address[21..];

        Assert.False(Codec.TryDecode(typo, out _, out AddressError? error));
        Assert.Equal((AddressRefusal.BadCharacter, 20), (error!.Reason, error.Positions.Single()));
        Assert.Contains("character 21 ('b')", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_AddressOfAnotherChain_IsWrongPrefix()
    {
        using SigningKey key = TestChain.KeyFor(0);
        string other = AddressCodec.ForChain("other-chain").Encode(key.PublicKey);

        Assert.False(Codec.TryDecode(other, out _, out AddressError? error));
        Assert.Equal(AddressRefusal.WrongPrefix, error!.Reason);
        Assert.Contains("prefix 'other-chain'", error.Message, StringComparison.Ordinal);
        // A typo in the prefix is no other network's address: it is a mistyped one.
        string mistyped = "ledger-tset" + Codec.Encode(key.PublicKey)["ledger-test".Length..];
        Assert.False(Codec.TryDecode(mistyped, out _, out error));
        Assert.Equal(AddressRefusal.BadChecksum, error!.Reason);
    }

    [Fact]
    public void TryDecode_MixedCaseOrNonZeroPaddingOrWrongLength_IsRefused()
    {
        using SigningKey key = TestChain.KeyFor(0);
        string address = Codec.Encode(key.PublicKey);
        Assert.False(Codec.TryDecode(address[..30] + address[30..].ToUpperInvariant(), out _, out AddressError? error));
        Assert.Equal(AddressRefusal.MixedCase, error!.Reason);

        // The same checksum algorithm over 5-bit groups whose last group's padding bit is set.
        Bech32Encoder raw = Encoders.Bech32(Codec.Prefix);
        byte[] groups = raw.DecodeDataRaw(address, out _);
        groups[^1] |= 1;
        Assert.False(Codec.TryDecode(raw.EncodeData(groups, Bech32EncodingType.BECH32M), out _, out error));
        Assert.Equal(AddressRefusal.WrongLength, error!.Reason);

        Bech32Encoder squashed = Encoders.Bech32(Codec.Prefix);
        squashed.SquashBytes = true;
        Assert.False(Codec.TryDecode(squashed.EncodeData(new byte[33], Bech32EncodingType.BECH32M), out _, out error));
        Assert.Equal(AddressRefusal.WrongLength, error!.Reason);
        Assert.False(Codec.TryDecode("ledger-test", out _, out error));
        Assert.Equal(AddressRefusal.NotAnAddress, error!.Reason);
    }

    [Theory]
    [InlineData("ledger-test", "ledger-test")]
    [InlineData("Ledger-Test", "ledger-test")]
    [InlineData("chain-1", "chain-1")]
    [InlineData("a-chain-id-of-exactly-31-chars-", "a-chain-id-of-exactly-31-chars-")]
    [InlineData("a-chain-id-of-thirty-two-chars-x", "ledger-")]
    [InlineData("with space", "ledger-")]
    [InlineData("zürich", "ledger-")]
    public void PrefixFor_ChainIds_AreTheLowerCaseIdOrAHashedFallback(string chainId, string expected)
    {
        string prefix = AddressCodec.PrefixFor(chainId);
        if (expected == "ledger-")
        {
            Assert.Equal("ledger-" + Hash32.Sha256(System.Text.Encoding.UTF8.GetBytes(chainId)).ToHex()[..8], prefix);
        }
        else
        {
            Assert.Equal(expected, prefix);
        }

        using SigningKey key = TestChain.KeyFor(3);
        var codec = new AddressCodec(prefix);
        string address = codec.Encode(key.PublicKey);
        Assert.True(address.Length <= 90);
        Assert.Equal(key.PublicKey, codec.Decode(address));
    }
}
