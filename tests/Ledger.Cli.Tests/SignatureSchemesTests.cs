using Ledger.Cli.Bench;

namespace Ledger.Cli.Tests;

/// <summary>Each scheme `ledger bench crypto` times really verifies: its own signature passes, a changed message or signature fails.</summary>
public sealed class SignatureSchemesTests
{
    public static TheoryData<string> Schemes() => [.. SignatureSchemes.Names];

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Verify_OwnSignature_PassesAndAnyChangeFails(string name)
    {
        using SignatureScheme scheme = SignatureSchemes.Create(name);
        ISchemeWorker signer = scheme.CreateWorker();
        ISchemeWorker verifier = scheme.CreateWorker();
        byte[] message = [.. Enumerable.Range(0, 160).Select(i => (byte)i)];

        byte[] signature = signer.Sign(message);

        Assert.True(verifier.Verify(message, signature));
        byte[] otherMessage = [.. message];
        otherMessage[7] ^= 1;
        Assert.False(verifier.Verify(otherMessage, signature));
        byte[] otherSignature = [.. signature];
        otherSignature[^1] ^= 1;
        Assert.False(verifier.Verify(message, otherSignature));
    }

    [Fact]
    public void Create_UnknownScheme_Refused()
    {
        Assert.Throws<ArgumentException>(() => SignatureSchemes.Create("rsa-1024"));
    }
}
