using System.Text.Json;

namespace Ledger.Crypto.Tests.VectorTests;

public sealed class Ed25519VectorTests
{
    /// <summary>C2SP/wycheproof testvectors_v1/ed25519_test.json: 151 cases.</summary>
    public static TheoryData<int> WycheproofCases()
    {
        var data = new TheoryData<int>();
        foreach (WycheproofCase c in LoadWycheproof())
        {
            data.Add(c.TcId);
        }

        return data;
    }

    [Fact]
    public void Wycheproof_File_Has151Cases()
    {
        Assert.Equal(151, LoadWycheproof().Count);
    }

    [Theory]
    [MemberData(nameof(WycheproofCases))]
    public void Verify_WycheproofCase_MatchesExpectedVerdict(int tcId)
    {
        WycheproofCase c = LoadWycheproof().Single(x => x.TcId == tcId);

        bool verified = Ed25519.Verify(new PublicKey(c.PublicKey), c.Message, c.Signature);

        Assert.True(verified == c.Valid, $"tcId {tcId} ({c.Comment}): expected {(c.Valid ? "valid" : "invalid")}, Verify returned {verified}");
    }

    [Fact]
    public void Rfc8032_FiveVectors_DeriveKeyAndResignByteForByte()
    {
        using JsonDocument doc = VectorFiles.Load("rfc8032", "rfc8032_ed25519.json");
        int count = 0;
        foreach (JsonElement v in doc.RootElement.GetProperty("vectors").EnumerateArray())
        {
            string name = v.GetProperty("name").GetString()!;
            byte[] message = Convert.FromHexString(v.GetProperty("message").GetString()!);
            using SigningKey key = SigningKey.FromSeed(Convert.FromHexString(v.GetProperty("secret_key").GetString()!));

            Assert.True(PublicKey.FromHex(v.GetProperty("public_key").GetString()!) == key.PublicKey, name);
            Signature signature = key.Sign(message);
            Assert.Equal(v.GetProperty("signature").GetString()!, signature.ToHex());
            Assert.True(Ed25519.Verify(key.PublicKey, message, signature), name);
            count++;
        }

        Assert.Equal(5, count);
    }

    private static List<WycheproofCase> LoadWycheproof()
    {
        using JsonDocument doc = VectorFiles.Load("wycheproof", "ed25519_test.json");
        var cases = new List<WycheproofCase>();
        foreach (JsonElement group in doc.RootElement.GetProperty("testGroups").EnumerateArray())
        {
            byte[] pk = Convert.FromHexString(group.GetProperty("publicKey").GetProperty("pk").GetString()!);
            foreach (JsonElement t in group.GetProperty("tests").EnumerateArray())
            {
                cases.Add(new WycheproofCase(
                    t.GetProperty("tcId").GetInt32(),
                    t.GetProperty("comment").GetString() ?? "",
                    pk,
                    Convert.FromHexString(t.GetProperty("msg").GetString()!),
                    Convert.FromHexString(t.GetProperty("sig").GetString()!),
                    t.GetProperty("result").GetString() == "valid"));
            }
        }

        return cases;
    }

    private sealed record WycheproofCase(int TcId, string Comment, byte[] PublicKey, byte[] Message, byte[] Signature, bool Valid);
}
