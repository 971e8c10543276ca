using Ledger.Crypto.Pki;

namespace Ledger.Crypto.Tests.Pki.Profile;

internal static class ProfileAssert
{
    public static void Rejected(CertificateRejection expected, CertificateValidationResult result)
    {
        Assert.False(result.IsValid, $"expected {expected}, got {result}");
        Assert.True(expected == result.Reason, $"expected {expected}, got {result}");
        Assert.False(string.IsNullOrWhiteSpace(result.Detail));
    }

    public static void Rejected(CrlRejection expected, CrlValidationResult result)
    {
        Assert.False(result.IsValid, $"expected {expected}, got {result}");
        Assert.True(expected == result.Reason, $"expected {expected}, got {result}");
        Assert.False(string.IsNullOrWhiteSpace(result.Detail));
    }

    public static void Valid(CertificateValidationResult result) => Assert.True(result.IsValid, result.ToString());

    public static void Valid(CrlValidationResult result) => Assert.True(result.IsValid, result.ToString());
}
