using Ledger.Crypto.Keys;

namespace Ledger.Node.Testnet;

/// <summary>
/// File names shared by `ledger pki` and `ledger testnet init`, and the one way both write them:
/// every target is checked first and created new, so a run never replaces an existing key.
/// </summary>
public static class PkiLayout
{
    public const string GenesisFile = "genesis.json";
    public const string NodeConfigFile = "node.json";

    public const string CaCertificateFile = "ca.crt.pem";
    public const string CaKeyFile = "ca.key.pem";
    public const string CrlFile = "crl.pem";
    public const string AdminCertificateFile = "admin.crt.pem";
    public const string AdminKeyFile = "admin.key.pem";

    public const string SigningKeyFile = "signing.key.pem";
    public const string SigningCertificateFile = "signing.crt.pem";
    public const string TlsCertificateFile = "tls.crt.pem";
    public const string TlsKeyFile = "tls.key.pem";

    public const string MemberKeyFile = "key.pem";
    public const string MemberCertificateFile = "cert.pem";

    /// <summary>
    /// Writes every file or, if any already exists, none. Secrets are created readable by the
    /// owner only. The existence check and each create are separate steps, but each create
    /// still refuses to replace a file that appeared in between.
    /// </summary>
    public static void WriteAllNew(IEnumerable<PlannedFile> files)
    {
        var list = files.ToList();
        var existing = list.Where(f => File.Exists(f.Path) || Directory.Exists(f.Path)).Select(f => f.Path).ToList();
        if (existing.Count > 0)
        {
            throw new IOException($"refusing to overwrite existing file(s): {string.Join(", ", existing)}");
        }

        foreach (PlannedFile file in list)
        {
            string? folder = Path.GetDirectoryName(Path.GetFullPath(file.Path));
            if (folder is not null)
            {
                Directory.CreateDirectory(folder);
            }

            if (file.Secret)
            {
                KeyFile.WriteNew(file.Path, file.Content);
            }
            else
            {
                using var stream = new FileStream(file.Path, FileMode.CreateNew, FileAccess.Write);
                using var writer = new StreamWriter(stream);
                writer.Write(file.Content);
            }
        }
    }

    /// <summary>Replaces a public file (a CRL) atomically: readers see the old or the new one, never half.</summary>
    public static void ReplacePublic(string path, string content)
    {
        string temporary = path + ".tmp-" + Guid.NewGuid().ToString("N");
        File.WriteAllText(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }
}
