namespace Ledger.Client.Transfers;

/// <summary>
/// A request id the journal already holds, asked again with another recipient or amount: a
/// request id is never signed twice with different bytes.
/// </summary>
public sealed class RequestConflictException : Exception
{
    public RequestConflictException()
    {
    }

    public RequestConflictException(string message)
        : base(message)
    {
    }

    public RequestConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
