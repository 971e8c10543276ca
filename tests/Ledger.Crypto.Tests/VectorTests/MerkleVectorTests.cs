using System.Text.Json;

namespace Ledger.Crypto.Tests.VectorTests;

public sealed class MerkleVectorTests
{
    public static TheoryData<string> InclusionCases() => VectorFiles.Cases("inclusion");

    public static TheoryData<string> ConsistencyCases() => VectorFiles.Cases("consistency");

    [Fact]
    public void Root_Rfc6962ReferenceLeaves_MatchesRootsForSizes0To8()
    {
        using JsonDocument doc = VectorFiles.Load("rfc6962", "rfc6962_reference_roots.json");
        var leaves = doc.RootElement.GetProperty("leaves_hex").EnumerateArray()
            .Select(e => MerkleTree.HashLeaf(Convert.FromHexString(e.GetString()!))).ToList();
        var sizes = new List<int>();
        foreach (JsonElement root in doc.RootElement.GetProperty("roots").EnumerateArray())
        {
            int size = root.GetProperty("tree_size").GetInt32();
            Assert.Equal(root.GetProperty("root").GetString(), MerkleTree.Root(leaves.Take(size).ToList()).ToHex());
            sizes.Add(size);
        }

        Assert.Equal(Enumerable.Range(0, 9), sizes);
    }

    [Fact]
    public void HashLeafAndChildren_SingleHashVectors_Match()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", MerkleTree.EmptyRoot.ToHex());
        Assert.Equal("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", MerkleTree.HashLeaf([]).ToHex());
        Assert.Equal("395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56", MerkleTree.HashLeaf("L123456"u8).ToHex());
        byte[] node = [0x01, .. "N123"u8, .. "N456"u8];
        Assert.Equal("aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb", Hash32.Sha256(node).ToHex());
    }

    [Theory]
    [MemberData(nameof(InclusionCases))]
    public void VerifyInclusion_TransparencyDevCase_MatchesWantErr(string file)
    {
        using JsonDocument doc = VectorFiles.Load("rfc6962", "testdata", "inclusion", file);
        JsonElement c = doc.RootElement;

        bool accepted = MerkleProofs.VerifyInclusion(
            Bytes(c, "leafHash"), c.GetProperty("leafIdx").GetUInt64(), c.GetProperty("treeSize").GetUInt64(),
            Proof(c), Bytes(c, "root"));

        Assert.True(accepted == !c.GetProperty("wantErr").GetBoolean(), $"{file} ({c.GetProperty("desc").GetString()}): accepted={accepted}");
    }

    [Theory]
    [MemberData(nameof(ConsistencyCases))]
    public void VerifyConsistency_TransparencyDevCase_MatchesWantErr(string file)
    {
        using JsonDocument doc = VectorFiles.Load("rfc6962", "testdata", "consistency", file);
        JsonElement c = doc.RootElement;

        bool accepted = MerkleProofs.VerifyConsistency(
            c.GetProperty("size1").GetUInt64(), c.GetProperty("size2").GetUInt64(), Bytes(c, "root1"), Bytes(c, "root2"), Proof(c));

        Assert.True(accepted == !c.GetProperty("wantErr").GetBoolean(), $"{file} ({c.GetProperty("desc").GetString()}): accepted={accepted}");
    }

    [Fact]
    public void TransparencyDevCases_AllFoldersPresent()
    {
        Assert.Equal(98, InclusionCases().Count);
        Assert.Equal(98, ConsistencyCases().Count);
    }

    private static byte[] Bytes(JsonElement c, string name) =>
        c.TryGetProperty(name, out JsonElement e) && e.ValueKind == JsonValueKind.String ? Convert.FromBase64String(e.GetString()!) : [];

    private static List<byte[]> Proof(JsonElement c) =>
        c.TryGetProperty("proof", out JsonElement p) && p.ValueKind == JsonValueKind.Array
            ? p.EnumerateArray().Select(e => Convert.FromBase64String(e.GetString()!)).ToList()
            : [];
}
