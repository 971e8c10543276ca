using Ledger.Crypto;
using Ledger.Epochs;

namespace Ledger.Transactions;

/// <summary>
/// One step of a <see cref="ValidatorSetChange"/>, applied in order to the roster in force
/// (docs/PROTOCOL.md, "ValidatorSetChange"). Certificates are DER, at most
/// <see cref="ValidatorRoster.MaxCertificateBytes"/> each.
/// </summary>
public abstract record ValidatorSetOperation
{
    public abstract ValidatorSetOperationKind Kind { get; }

    /// <summary>Writes u8 kind and the operation's fields.</summary>
    public abstract void WriteTo(CanonicalWriter writer);

    /// <summary>One line for people reviewing a change before they approve it.</summary>
    public abstract string Describe();

    internal static ValidatorSetOperation ReadFrom(ref CanonicalReader reader)
    {
        byte kind = reader.ReadU8();
        return (ValidatorSetOperationKind)kind switch
        {
            ValidatorSetOperationKind.AddOrganisation => new AddOrganisation(
                ReadName(ref reader), ReadCertificate(ref reader), reader.ReadKey(), ReadCertificate(ref reader), ReadCertificate(ref reader)),
            ValidatorSetOperationKind.RemoveOrganisation => new RemoveOrganisation(ReadName(ref reader)),
            ValidatorSetOperationKind.ReplaceConsensusKey => new ReplaceConsensusKey(reader.ReadKey(), reader.ReadKey(), ReadCertificate(ref reader)),
            ValidatorSetOperationKind.ReplaceTlsCertificate => new ReplaceTlsCertificate(reader.ReadKey(), ReadCertificate(ref reader)),
            _ => throw new FormatException($"unknown validator-set operation {kind}"),
        };
    }

    /// <summary>Refuses an empty or over-long name or certificate (an <see cref="ArgumentException"/>).</summary>
    protected static void Check(string name, params byte[][] certificates)
    {
        if (name is not null && (name.Length == 0 || System.Text.Encoding.UTF8.GetByteCount(name) > ValidatorRoster.MaxNameBytes))
        {
            throw new ArgumentException($"an organisation name is 1 to {ValidatorRoster.MaxNameBytes} UTF-8 bytes");
        }

        foreach (byte[] certificate in certificates)
        {
            if (certificate is null || certificate.Length == 0 || certificate.Length > ValidatorRoster.MaxCertificateBytes)
            {
                throw new ArgumentException($"a certificate is 1 to {ValidatorRoster.MaxCertificateBytes} bytes");
            }
        }
    }

    private static string ReadName(ref CanonicalReader reader) => reader.ReadString(ValidatorRoster.MaxNameBytes);

    private static byte[] ReadCertificate(ref CanonicalReader reader) => reader.ReadBytes(ValidatorRoster.MaxCertificateBytes);
}
