namespace Ledger.Consensus.Safety;

/// <summary>
/// The outcome of asking <see cref="SafetyRules"/> to sign: a new signature (safety data changed,
/// persist it first), the stored one for a repeated request, or a refusal.
/// </summary>
public sealed record SafetyResult<T>(T? Message, bool IsNew, SafetyRefusal? Refusal)
    where T : class
{
    public static SafetyResult<T> Signed(T message) => new(message, true, null);

    public static SafetyResult<T> Unchanged(T message) => new(message, false, null);

    public static SafetyResult<T> Refused(SafetyRefusal refusal) => new(null, false, refusal);
}
