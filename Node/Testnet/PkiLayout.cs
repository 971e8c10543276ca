using System.Text;
using Ledger.Storage;

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
    public static void WriteAllNew(IEnumerable<PlannedFile> files) => WriteAllNew(files, OsFileDurability.Instance);

    /// <summary>
    /// <see cref="WriteAllNew(IEnumerable{PlannedFile})"/>, each file flushed to the device and its
    /// folder flushed after it is created, so keys and certificates handed out survive a power loss.
    /// </summary>
    public static void WriteAllNew(IEnumerable<PlannedFile> files, IFileDurability durability)
    {
        ArgumentNullException.ThrowIfNull(durability);
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
                DurableFiles.CreateDirectory(folder, durability);
            }

            // Secrets readable by the owner only, as KeyFile.WriteNew creates them.
            DurableFiles.WriteNew(file.Path, Encoding.UTF8.GetBytes(file.Content), durability, file.Secret ? UnixFileMode.UserRead | UnixFileMode.UserWrite : null);
        }
    }

    /// <summary>
    /// Replaces a public file (a CRL) atomically and durably: readers see the old or the new one,
    /// never half, and a power loss cannot bring an older CRL back (un-revoking a certificate).
    /// </summary>
    public static void ReplacePublic(string path, string content) =>
        DurableFiles.ReplaceAtomically(path, Encoding.UTF8.GetBytes(content), OsFileDurability.Instance);
}
