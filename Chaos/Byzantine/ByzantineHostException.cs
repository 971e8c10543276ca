namespace Ledger.Chaos.Byzantine;

/// <summary>The Byzantine validator host refused to start, and why (nothing was opened or sent).</summary>
public sealed class ByzantineHostException : Exception
{
    public ByzantineHostException()
    {
    }

    public ByzantineHostException(string message)
        : base(message)
    {
    }

    public ByzantineHostException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
