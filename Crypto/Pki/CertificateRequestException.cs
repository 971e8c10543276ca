namespace Ledger.Crypto.Pki;

/// <summary>A certificate request refused for <see cref="Rejection"/>; nothing was issued.</summary>
public sealed class CertificateRequestException : Exception
{
    public CertificateRequestException()
        : this(CertificateRequestRejection.Malformed, "malformed certificate request")
    {
    }

    public CertificateRequestException(string message)
        : this(CertificateRequestRejection.Malformed, message)
    {
    }

    public CertificateRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
        Rejection = CertificateRequestRejection.Malformed;
    }

    public CertificateRequestException(CertificateRequestRejection rejection, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Rejection = rejection;
    }

    public CertificateRequestRejection Rejection { get; }
}
