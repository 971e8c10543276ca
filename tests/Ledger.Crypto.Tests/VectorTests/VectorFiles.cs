using System.Text.Json;

namespace Ledger.Crypto.Tests.VectorTests;

/// <summary>Published vectors copied into Vectors/ (see Vectors/README.md) and into the test output folder.</summary>
internal static class VectorFiles
{
    public static string PathOf(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "Vectors", .. parts]);

    public static JsonDocument Load(params string[] parts) => JsonDocument.Parse(File.ReadAllText(PathOf(parts)));

    /// <summary>Every JSON case under a transparency-dev testdata folder, as (relative path) rows for a theory.</summary>
    public static TheoryData<string> Cases(string kind)
    {
        string root = PathOf("rfc6962", "testdata", kind);
        var data = new TheoryData<string>();
        foreach (string file in Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(root, file));
        }

        return data;
    }
}
