namespace Ledger.Node.Security;

/// <summary>Whether a validator's signing certificate is revoked, and which source says so.</summary>
public enum SignerRevokedBy
{
    /// <summary>Neither the committed ledger nor a given CRL revokes it (or the index names no validator).</summary>
    NotRevoked,

    /// <summary>A committed Revoke transaction names the certificate's serial.</summary>
    Ledger,

    /// <summary>A CRL file the node was given (node.json <c>crlPaths</c>) names the certificate's serial.</summary>
    Crl,
}
