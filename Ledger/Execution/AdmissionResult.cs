namespace Ledger.Execution;

/// <summary>The verdict of <see cref="TransferAdmission"/>, with the ledger rule that refused it and a readable detail.</summary>
public sealed record AdmissionResult(AdmissionVerdict Verdict, ReceiptStatus Rule, string Detail)
{
    public bool Accepted => Verdict == AdmissionVerdict.Accepted;

    public static AdmissionResult Accept { get; } = new(AdmissionVerdict.Accepted, ReceiptStatus.Success, "accepted");

    public override string ToString() => Verdict == AdmissionVerdict.RuleViolation ? $"{Rule}: {Detail}" : $"{Verdict}: {Detail}";
}
