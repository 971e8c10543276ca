namespace Ledger.Client.Transfers;

/// <summary>
/// The wallet's clock is behind the ledger's certified block time by more than the allowed skew:
/// a transfer stamped now could be refused as too old, or have little time to commit. Nothing was
/// signed or sent.
/// </summary>
public sealed class ClockBehindException : Exception
{
    public ClockBehindException()
    {
    }

    public ClockBehindException(string message)
        : base(message)
    {
    }

    public ClockBehindException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
