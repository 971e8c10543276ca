using Ledger.Crypto;
using Ledger.Transactions;

namespace Ledger.Execution;

/// <summary>
/// Judges certificates and CRLs against the genesis organisation CAs. Execution asks it, passing
/// the block's timestamp (never a local clock) and the state's revocations, so every replica
/// decides the same way.
/// </summary>
public interface IMembershipAuthority
{
    /// <summary>
    /// Validates an enrolment's certificate at <paramref name="atMs"/>: issued by a genesis CA,
    /// within its validity, not revoked per <paramref name="isRevoked"/> (by certificate id), and
    /// binding exactly the enrolment's member key.
    /// </summary>
    EnrollmentDecision JudgeEnrollment(Enroll enroll, long atMs, Func<Hash32, bool> isRevoked);

    /// <summary>Checks a CRL's signature against the named organisation's CA and lists the certificate ids it revokes.</summary>
    RevocationDecision JudgeRevocation(Revoke revoke, long atMs);

    /// <summary>The certificate id of a genesis member's certificate (PEM), for the genesis state.</summary>
    Hash32 CertificateIdOf(string organisation, string certificatePem);
}
