namespace Ledger.Crypto.Pki.Profile;

/// <summary>The first extension rule a certificate or CRL breaks, before it is named in the caller's vocabulary.</summary>
internal readonly record struct ExtensionFault(ExtensionFaultKind Kind, string Detail);
