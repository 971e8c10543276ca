namespace Ledger.Consensus.Safety;

/// <summary>Why the safety rules refused to sign, with the rounds that decided it.</summary>
public sealed record SafetyRefusal(SafetyRule Rule, ulong Round, ulong QcRound, ulong? TcRound, ulong HighestVotedRound, ulong HighestQcRound)
{
    public override string ToString() =>
        $"{Rule}: round {Round}, qc round {QcRound}, tc round {TcRound?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}, " +
        $"highest voted {HighestVotedRound}, highest qc {HighestQcRound}";
}
