namespace Ledger.Client.Journal;

/// <summary>A journal file that parses but does not hold what its name promises (another chain, sender or request, or a bad signature).</summary>
public sealed class JournalCorruptException : Exception
{
    public JournalCorruptException()
    {
    }

    public JournalCorruptException(string message)
        : base(message)
    {
    }

    public JournalCorruptException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
