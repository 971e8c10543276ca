using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace Ledger.Crypto.Pki.Profile;

/// <summary>
/// Judges a certificate's, a CRL's or a CRL entry's extensions against <see cref="ExtensionRules"/>
/// for one context. Every extension is read, used or not: its value must be DER; a critical one
/// must be known; a known one must be allowed here, carry the criticality the profile gives it and
/// decode as its type; and every extension the context requires must be present. The first rule
/// broken is returned, checked in that order across all extensions.
/// </summary>
internal static class ExtensionProfile
{
    public static ExtensionFault? Check(X509Extensions? extensions, ExtensionContext context)
    {
        var present = new List<(string Oid, X509Extension Extension, ExtensionRule? Rule)>();
        foreach (DerObjectIdentifier oid in extensions?.ExtensionOids ?? [])
        {
            ExtensionRule? rule = ExtensionRules.Find(oid.Id);
            present.Add((oid.Id, extensions!.GetExtension(oid), rule is not null && rule.In(context) != ExtensionPresence.Unlisted ? rule : null));
        }

        foreach (var (oid, extension, _) in present)
        {
            if (DerEncoding.Problem(extension.Value.GetOctets()) is { } problem)
            {
                return new ExtensionFault(ExtensionFaultKind.NotDer, $"the value of extension {ExtensionRules.NameOf(oid)} is {problem}");
            }
        }

        foreach (var (oid, extension, rule) in present)
        {
            if (rule is null && extension.IsCritical)
            {
                return new ExtensionFault(ExtensionFaultKind.UnknownCritical, $"critical extension {oid} is not one the profile knows");
            }
        }

        foreach (var (_, _, rule) in present)
        {
            if (rule?.In(context) == ExtensionPresence.Forbidden)
            {
                return new ExtensionFault(ExtensionFaultKind.Forbidden, $"extension {rule.Name} is not allowed in {Describe(context)}");
            }
        }

        foreach (var (_, extension, rule) in present)
        {
            if (rule?.Critical is bool critical && extension.IsCritical != critical)
            {
                return new ExtensionFault(ExtensionFaultKind.Criticality,
                    $"extension {rule.Name} must {(critical ? "" : "not ")}be critical");
            }
        }

        foreach (var (_, extension, rule) in present)
        {
            if (rule?.Check is { } check && Decode(extension, rule, check, context) is { } problem)
            {
                return new ExtensionFault(ExtensionFaultKind.Malformed, $"extension {rule.Name}: {problem}");
            }
        }

        foreach (ExtensionRule rule in ExtensionRules.All)
        {
            if (rule.In(context) == ExtensionPresence.Required && !present.Any(p => p.Oid == rule.Oid.Id))
            {
                return new ExtensionFault(ExtensionFaultKind.Missing, $"{Describe(context)} must carry extension {rule.Name}");
            }
        }

        return null;
    }

    private static string? Decode(X509Extension extension, ExtensionRule rule, Func<Asn1Object, ExtensionContext, string?> check, ExtensionContext context)
    {
        try
        {
            return check(X509Extension.ConvertValueToObject(extension), context);
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException or InvalidOperationException or FormatException or IOException or ArithmeticException)
        {
            return $"the value does not decode as {rule.Name}: {e.Message}";
        }
    }

    private static string Describe(ExtensionContext context) => context switch
    {
        ExtensionContext.Authority => "an organisation CA certificate",
        ExtensionContext.SigningLeaf => "a signing certificate",
        ExtensionContext.TlsLeaf => "a TLS certificate",
        ExtensionContext.Crl => "a CRL",
        ExtensionContext.CrlEntry => "a CRL entry",
        _ => context.ToString(),
    };
}
