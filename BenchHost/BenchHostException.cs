namespace Ledger.BenchHost;

/// <summary>The benchmark's validator host refused to start, and why (nothing was opened or sent).</summary>
public sealed class BenchHostException : Exception
{
    public BenchHostException()
    {
    }

    public BenchHostException(string message)
        : base(message)
    {
    }

    public BenchHostException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
