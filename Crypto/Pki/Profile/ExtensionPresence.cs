namespace Ledger.Crypto.Pki.Profile;

/// <summary>Whether the profile wants an extension in a context.</summary>
internal enum ExtensionPresence
{
    /// <summary>Not named for this context: treated as an unknown extension (refused when critical, ignored when not).</summary>
    Unlisted,

    Optional,

    Required,

    Forbidden,
}
