namespace Ledger.Cli.Bench;

/// <summary>A `bench node` run that did not complete: a validator died, transfers were refused or not committed in time.</summary>
public sealed class NodeBenchException : Exception
{
    public NodeBenchException(string message)
        : base(message)
    {
    }

    public NodeBenchException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public NodeBenchException()
    {
    }
}
