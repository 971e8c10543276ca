namespace Ledger.Crypto.Pki;

/// <summary>A revoked certificate: serials are unique only within their issuing organisation.</summary>
public readonly record struct RevokedCertificate(string Organisation, string SerialHex);
