using Ledger.Crypto;

namespace Ledger.Transactions;

/// <summary>
/// An organisation admin's approval of a <see cref="ValidatorSetChange"/>: the admin certificate
/// (DER, role admin, issued by the organisation's CA) and the Ed25519 signature its key made
/// over the change's signing bytes. Execution judges both at block time.
/// </summary>
public sealed record AdminApproval(byte[] CertificateDer, Signature Signature);
