using System.Text.Json;
using System.Text.Json.Nodes;
using Ledger.Cli.Support;
using Ledger.Crypto.Pki;
using Ledger.Transactions;

namespace Ledger.Cli.Validators;

/// <summary>
/// A validator-set change on its way between admins (`ledger validators propose`, `sign`,
/// `submit`): JSON with the transaction's canonical bytes in hex (`transaction`, the only field
/// read back) and, for people reviewing it, the chain, target epoch, operations and approvals
/// it holds, rewritten from the transaction each time the file is written.
/// </summary>
public static class ChangeFile
{
    public const int Format = 1;

    /// <summary>What a file may hold; the ledger's own limit (genesis maxTransactionBytes) is checked on submit.</summary>
    public const int MaxTransactionBytes = 1024 * 1024;

    // Relaxed escaping: people read this file (an apostrophe stays an apostrophe); it is never embedded in HTML.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static ValidatorSetChange Read(string path)
    {
        string text = CliGuard.ReadFile(path, "change file");
        string? hex;
        try
        {
            JsonNode? node = JsonNode.Parse(text);
            if (node?["format"]?.GetValue<int>() != Format)
            {
                throw new CliException($"change file '{path}' is not of format {Format}");
            }

            hex = node["transaction"]?.GetValue<string>();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new CliException($"change file '{path}' is not valid: {e.Message}", e);
        }

        if (string.IsNullOrEmpty(hex))
        {
            throw new CliException($"change file '{path}' holds no transaction");
        }

        try
        {
            return TransactionCodec.Decode(Convert.FromHexString(hex), MaxTransactionBytes) as ValidatorSetChange
                ?? throw new CliException($"change file '{path}' holds a transaction that is not a validator-set change");
        }
        catch (FormatException e)
        {
            throw new CliException($"change file '{path}' holds no valid transaction: {e.Message}", e);
        }
    }

    /// <summary>Writes the file whole (a temporary file renamed over it), so an interrupted write leaves the old one.</summary>
    public static void Write(string path, ValidatorSetChange change, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!overwrite && File.Exists(path))
        {
            throw new CliException($"'{path}' already exists; refusing to overwrite it");
        }

        var document = new JsonObject
        {
            ["format"] = Format,
            ["chainId"] = change.ChainId,
            ["targetEpoch"] = change.TargetEpoch,
            ["transactionId"] = change.Id.ToHex(),
            ["signingBytesSha256"] = Crypto.Hash32.Sha256(change.SigningBytes()).ToHex(),
            ["operations"] = new JsonArray([.. change.Operations.Select(o => (JsonNode)JsonValue.Create(o.Describe()))]),
            ["approvals"] = new JsonArray([.. change.Approvals.Select(a => (JsonNode)ApprovalJson(a))]),
            ["transaction"] = Convert.ToHexStringLower(change.Encoded),
        };
        string full = Path.GetFullPath(path);
        string temporary = full + ".tmp";
        File.WriteAllText(temporary, document.ToJsonString(Indented) + "\n");
        File.Move(temporary, full, overwrite: true);
    }

    /// <summary>Who an approval claims to be (its certificate's subject and serial; not judged here).</summary>
    public static JsonObject ApprovalJson(AdminApproval approval)
    {
        ArgumentNullException.ThrowIfNull(approval);
        try
        {
            var certificate = PkiPem.ParseCertificateDer(approval.CertificateDer);
            return new JsonObject
            {
                ["organisation"] = CertificateNames.Get(certificate.SubjectDN, Org.BouncyCastle.Asn1.X509.X509Name.O),
                ["admin"] = CertificateNames.Get(certificate.SubjectDN, Org.BouncyCastle.Asn1.X509.X509Name.CN),
                ["serial"] = CertificateNames.SerialHex(certificate.SerialNumber),
            };
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IOException)
        {
            return new JsonObject { ["unreadable"] = e.Message };
        }
    }
}
