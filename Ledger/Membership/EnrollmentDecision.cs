using Ledger.Crypto;
using Ledger.Execution;

namespace Ledger.Membership;

/// <summary>The verdict on an enrolment: <see cref="ReceiptStatus.Success"/> with the certificate's id, or why not.</summary>
public sealed record EnrollmentDecision(ReceiptStatus Status, Hash32 CertificateId, string Detail);
