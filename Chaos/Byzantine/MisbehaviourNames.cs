namespace Ledger.Chaos.Byzantine;

/// <summary>The command-line names of <see cref="Misbehaviour"/> flags (`equivocate,double-vote,...`).</summary>
public static class MisbehaviourNames
{
    private static readonly (string Name, Misbehaviour Flag)[] Names =
    [
        ("equivocate", Misbehaviour.Equivocate),
        ("double-vote", Misbehaviour.DoubleVote),
        ("forge", Misbehaviour.ForgeSignatures),
        ("replay", Misbehaviour.Replay),
        ("flood", Misbehaviour.FarFutureFlood),
        ("malformed", Misbehaviour.Malformed),
        ("oversize", Misbehaviour.Oversize),
        ("withhold", Misbehaviour.WithholdVotes),
    ];

    /// <summary>Every misbehaviour that still sends votes: what one noisy validator does at once.</summary>
    public const Misbehaviour Noisy = Misbehaviour.Equivocate | Misbehaviour.DoubleVote | Misbehaviour.ForgeSignatures
        | Misbehaviour.Replay | Misbehaviour.FarFutureFlood | Misbehaviour.Malformed | Misbehaviour.Oversize;

    public static IEnumerable<string> All => Names.Select(n => n.Name);

    /// <summary>Parses a comma-separated list; an unknown or empty list is a <see cref="FormatException"/> naming the known ones.</summary>
    public static Misbehaviour Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = Misbehaviour.None;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var found = Names.FirstOrDefault(n => string.Equals(n.Name, part, StringComparison.Ordinal));
            if (found.Name is null)
            {
                throw new FormatException($"unknown misbehaviour '{part}'; known: {string.Join(", ", All)}");
            }

            result |= found.Flag;
        }

        return result == Misbehaviour.None ? throw new FormatException($"no misbehaviour named; known: {string.Join(", ", All)}") : result;
    }

    public static string Format(Misbehaviour behaviour) =>
        string.Join(",", Names.Where(n => behaviour.HasFlag(n.Flag)).Select(n => n.Name));
}
