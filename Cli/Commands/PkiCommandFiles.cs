using Ledger.Cli.Support;
using Ledger.Crypto.Pki;
using Ledger.Node.Testnet;

namespace Ledger.Cli.Commands;

/// <summary>Reading the files of an organisation folder for the `pki` commands.</summary>
internal static class PkiCommandFiles
{
    public static OrganisationCa LoadCa(string directory, string? passphrase)
    {
        if (!Directory.Exists(directory))
        {
            throw new CliException($"CA folder '{directory}' does not exist");
        }

        string certificatePem = CliGuard.ReadFile(Path.Combine(directory, PkiLayout.CaCertificateFile), "CA certificate");
        string keyPem = CliGuard.ReadFile(Path.Combine(directory, PkiLayout.CaKeyFile), "CA key");
        return OrganisationCa.Load(certificatePem, keyPem, passphrase);
    }
}
