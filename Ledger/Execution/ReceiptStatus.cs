namespace Ledger.Execution;

/// <summary>
/// The outcome of one transaction. Anything but <see cref="Success"/> means the transaction was
/// well formed and correctly signed but broke a ledger rule, and changed nothing.
/// </summary>
public enum ReceiptStatus : byte
{
    Success = 0,

    // Transfers.
    ZeroAmount = 1,
    TimestampTooOld = 2,
    TimestampTooNew = 3,
    UnknownSender = 4,
    SenderRevoked = 5,
    UnknownRecipient = 6,
    RecipientRevoked = 7,
    Replay = 8,
    InsufficientFunds = 9,
    BalanceOverflow = 10,

    // Enrolments.
    CertificateMalformed = 20,
    CertificateUntrusted = 21,
    CertificateExpired = 22,
    CertificateNotYetValid = 23,
    CertificateWrongRole = 24,
    CertificateKeyMismatch = 25,
    CertificateRevoked = 26,
    AlreadyEnrolled = 27,

    // Revocations.
    CrlMalformed = 30,
    UnknownOrganisation = 31,
    CrlBadSignature = 32,
    CrlNotYetIssued = 33,

    // Validator-set changes.
    ValidatorSetChangesDisabled = 40,
    StaleEpoch = 41,
    FutureEpoch = 42,
    InsufficientApprovals = 43,
    ApprovalNotAdmin = 44,
    ApprovalUntrusted = 45,
    ApprovalCertificateInvalid = 46,
    ApprovalRevoked = 47,
    ApprovalBadSignature = 48,
    DuplicateOrganisation = 49,
    UnknownValidator = 50,
    DuplicateConsensusKey = 51,
    ValidatorCertificateInvalid = 52,
    ValidatorSetTooSmall = 53,
    ValidatorSetTooLarge = 54,
}
