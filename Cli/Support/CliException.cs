namespace Ledger.Cli.Support;

/// <summary>A failure the user can fix, reported as one line on stderr with <see cref="CliExit.UsageError"/>.</summary>
public sealed class CliException : Exception
{
    public CliException(string message)
        : base(message)
    {
    }

    public CliException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public CliException()
    {
    }
}
