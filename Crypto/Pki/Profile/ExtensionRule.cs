using Org.BouncyCastle.Asn1;

namespace Ledger.Crypto.Pki.Profile;

/// <summary>
/// One row of the profile's extension table: the extension, whether it must be critical (true),
/// must not be (false) or may be either (null), what its value must decode to (a check that
/// returns the problem, or null), and whether each context requires, allows or forbids it.
/// </summary>
internal sealed record ExtensionRule(DerObjectIdentifier Oid, string Name, bool? Critical, Func<Asn1Object, ExtensionContext, string?>? Check)
{
    public ExtensionPresence Authority { get; init; }

    public ExtensionPresence SigningLeaf { get; init; }

    public ExtensionPresence TlsLeaf { get; init; }

    public ExtensionPresence Crl { get; init; }

    public ExtensionPresence CrlEntry { get; init; }

    public ExtensionPresence In(ExtensionContext context) => context switch
    {
        ExtensionContext.Authority => Authority,
        ExtensionContext.SigningLeaf => SigningLeaf,
        ExtensionContext.TlsLeaf => TlsLeaf,
        ExtensionContext.Crl => Crl,
        ExtensionContext.CrlEntry => CrlEntry,
        _ => throw new ArgumentOutOfRangeException(nameof(context), context, "unknown extension context"),
    };
}
