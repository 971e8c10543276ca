using Ledger.Crypto;
using Ledger.Execution;

namespace Ledger.Membership;

/// <summary>The verdict on a CRL: <see cref="ReceiptStatus.Success"/> with the certificate ids it revokes, or why not.</summary>
public sealed record RevocationDecision(ReceiptStatus Status, IReadOnlyList<Hash32> RevokedCertificateIds, string Detail);
