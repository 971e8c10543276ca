using Ledger.Crypto;

namespace Ledger.Node.Mempool;

/// <summary>
/// The result of the cheap admission checks on one transaction. When <see cref="RejectionCode"/>
/// is null the transaction passed them and still needs its signature checked (unless
/// <see cref="SignatureAlreadyVerified"/>). <see cref="State"/> carries whatever the ledger
/// adapter needs for the signature step.
/// </summary>
public sealed record AdmissionInspection(
    Hash32 Id,
    ReadOnlyMemory<byte> Bytes,
    string? RejectionCode,
    string Message,
    bool SignatureAlreadyVerified,
    object? State)
{
    public bool Passed => RejectionCode is null;

    /// <summary>
    /// Whom the mempool's per-sender quota counts this transaction against (a transfer's payer, a
    /// revocation's organisation); null counts it against no one.
    /// </summary>
    public string? Sender { get; init; }

    public static AdmissionInspection Reject(Hash32 id, ReadOnlyMemory<byte> bytes, string code, string message) =>
        new(id, bytes, code, message, SignatureAlreadyVerified: false, State: null);
}
