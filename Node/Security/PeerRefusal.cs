namespace Ledger.Node.Security;

/// <summary>Why a peer was refused; the label of <c>ledger_peer_refusals_total</c>.</summary>
public enum PeerRefusal
{
    None,

    /// <summary>No TLS client certificate.</summary>
    NoCertificate,

    /// <summary>The certificate does not validate against the current epoch's organisation CAs (unknown CA, bad signature, expired, wrong key usage, revoked by a CRL...).</summary>
    InvalidCertificate,

    /// <summary>A committed Revoke transaction revokes the certificate.</summary>
    RevokedOnLedger,

    /// <summary>A valid certificate whose subject is no validator of the current epoch (or sits in another organisation).</summary>
    NotAValidator,

    /// <summary>
    /// A validator's TLS certificate issued before the one the current epoch's roster lists for it:
    /// a validator-set change replaced it, so only the roster's (or a later renewal) is accepted.
    /// </summary>
    SupersededCertificate,

    /// <summary>A validator, but not the one this outgoing channel was dialled for.</summary>
    UnexpectedValidator,

    /// <summary>A replica call that came in on another endpoint than the peer endpoint.</summary>
    WrongEndpoint,
}
