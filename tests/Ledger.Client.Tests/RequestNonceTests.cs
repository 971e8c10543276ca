using Ledger.Client.Requests;
using Ledger.Crypto;

namespace Ledger.Client.Tests;

/// <summary>The request-id nonce rule (docs/PROTOCOL.md, "Request ids and retry-safe transfers"), pinned by a golden vector.</summary>
public sealed class RequestNonceTests
{
    // The ledger's golden-vector sender: seed = 00000001, 27 zero bytes, 0x4c (docs/PROTOCOL.md, "Transactions").
    private static readonly byte[] Seed = Convert.FromHexString("000000010000000000000000000000000000000000000000000000000000004c");

    [Fact]
    public void SigningBytes_GoldenVector_MatchTheDocumentedLayout()
    {
        var bytes = RequestNonce.SigningBytes("ledger-test", RequestId.Parse("invoice-42"));

        Assert.Equal(
            "000000164c45444745522f76312f526571756573744e6f6e6365" + "0000000b6c65646765722d74657374" + "0000000a696e766f6963652d3432",
            Convert.ToHexStringLower(bytes));
    }

    [Fact]
    public void Derive_GoldenVector_IsPinned()
    {
        using var key = SigningKey.FromSeed(Seed);

        var nonce = RequestNonce.Derive(key, "ledger-test", RequestId.Parse("invoice-42"));

        Assert.Equal(GoldenNonce, nonce.ToHex());
    }

    [Fact]
    public void Derive_SameKeyChainAndRequest_IsTheSameNonce()
    {
        using var key = SigningKey.FromSeed(Seed);
        using var sameKey = SigningKey.FromSeed(Seed);

        Assert.Equal(RequestNonce.Derive(key, "c", RequestId.Parse("r1")), RequestNonce.Derive(sameKey, "c", RequestId.Parse("r1")));
    }

    [Fact]
    public void Derive_OtherRequestChainOrKey_IsAnotherNonce()
    {
        using var key = SigningKey.FromSeed(Seed);
        using var other = SigningKey.FromSeed(new byte[32]);
        var nonce = RequestNonce.Derive(key, "c", RequestId.Parse("r1"));

        Assert.NotEqual(nonce, RequestNonce.Derive(key, "c", RequestId.Parse("r2")));
        Assert.NotEqual(nonce, RequestNonce.Derive(key, "d", RequestId.Parse("r1")));
        Assert.NotEqual(nonce, RequestNonce.Derive(other, "c", RequestId.Parse("r1")));
    }

    private const string GoldenNonce = "6a6ace7ccc956869f0f56417f04f4e7b";
}
