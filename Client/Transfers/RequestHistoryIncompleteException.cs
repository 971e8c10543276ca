using Ledger.Client.Requests;

namespace Ledger.Client.Transfers;

/// <summary>
/// The journal has no entry for the request and the search of the account's history stopped
/// before genesis without finding it: an earlier signing of the request may have committed below
/// the scanned range, where the replay guard no longer refuses its nonce, so signing again could
/// pay twice. Nothing was signed.
/// </summary>
public sealed class RequestHistoryIncompleteException : Exception
{
    public RequestHistoryIncompleteException()
    {
    }

    public RequestHistoryIncompleteException(string message)
        : base(message)
    {
    }

    public RequestHistoryIncompleteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RequestHistoryIncompleteException(string message, RequestSearchResult search)
        : base(message)
    {
        Search = search;
    }

    public RequestSearchResult? Search { get; }
}
