using Ledger.Crypto;

namespace Ledger.Node.Mempool;

/// <summary>What happened to one submitted transaction.</summary>
public enum SubmitStatus
{
    Accepted,
    AlreadyPending,
    AlreadyCommitted,
    Rejected,
    MempoolFull,
    SenderQuotaExceeded,

    /// <summary>The signature verifiers' bounded queue had no room: nothing was checked, retry later.</summary>
    VerifiersBusy,
}

/// <summary>The mempool's answer for one transaction, with a machine code and a sentence when refused.</summary>
public sealed record SubmitVerdict(SubmitStatus Status, Hash32 Id, string? Code, string Message, ulong? CommittedHeight = null)
{
    public static SubmitVerdict Accepted(Hash32 id) => new(SubmitStatus.Accepted, id, null, "accepted");
}
