using Ledger.Crypto;

namespace Ledger.Transactions;

/// <summary>
/// Publishes an organisation CA's certificate revocation list (DER). Execution checks the CRL's
/// signature against that organisation's genesis CA; from the block that includes it on, every
/// account whose certificate serial it lists can neither send nor receive.
/// </summary>
public sealed class Revoke : Transaction
{
    public const int MaxCrlBytes = 64 * 1024;

    public const int MaxOrganisationBytes = 128;

    private readonly byte[] _crlDer;

    public Revoke(string chainId, string organisation, ReadOnlySpan<byte> crlDer)
        : base(chainId, Encode(chainId, organisation, crlDer))
    {
        Organisation = organisation;
        _crlDer = crlDer.ToArray();
    }

    public override TransactionKind Kind => TransactionKind.Revoke;

    /// <summary>The genesis organisation whose CA signed the CRL.</summary>
    public string Organisation { get; }

    public ReadOnlySpan<byte> CrlDer => _crlDer;

    /// <summary>No submitter signature: the CRL's CA signature is judged in execution.</summary>
    public override bool VerifySignature() => true;

    private static byte[] Encode(string chainId, string organisation, ReadOnlySpan<byte> crlDer)
    {
        CheckChainId(chainId);
        ArgumentNullException.ThrowIfNull(organisation);
        if (organisation.Length == 0 || System.Text.Encoding.UTF8.GetByteCount(organisation) > MaxOrganisationBytes)
        {
            throw new ArgumentException($"an organisation name is 1 to {MaxOrganisationBytes} UTF-8 bytes", nameof(organisation));
        }

        if (crlDer.IsEmpty || crlDer.Length > MaxCrlBytes)
        {
            throw new ArgumentException($"a CRL is 1 to {MaxCrlBytes} bytes", nameof(crlDer));
        }

        return new CanonicalWriter(crlDer.Length + 256)
            .WriteU8((byte)TransactionKind.Revoke)
            .WriteString(chainId)
            .WriteString(organisation)
            .WriteBytes(crlDer)
            .ToArray();
    }

    internal static Revoke ReadBody(ref CanonicalReader reader)
    {
        string chainId = reader.ReadString(MaxChainIdBytes);
        string organisation = reader.ReadString(MaxOrganisationBytes);
        byte[] crl = reader.ReadBytes(MaxCrlBytes);
        if (chainId.Length == 0 || organisation.Length == 0 || crl.Length == 0)
        {
            throw new FormatException("a revocation needs a chain id, an organisation and a CRL");
        }

        return new Revoke(chainId, organisation, crl);
    }
}
