namespace Ledger.Crypto.Pki.Profile;

/// <summary>The kinds of extension rule, shared by certificates and CRLs.</summary>
internal enum ExtensionFaultKind
{
    NotDer,
    UnknownCritical,
    Forbidden,
    Criticality,
    Malformed,
    Missing,
}
