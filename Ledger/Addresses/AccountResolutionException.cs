namespace Ledger.Addresses;

/// <summary>
/// A recipient or account named on input could not be resolved; nothing may be signed or sent
/// for it. A <see cref="FormatException"/>, so a command reports it as bad input.
/// </summary>
public sealed class AccountResolutionException : FormatException
{
    public AccountResolutionException()
    {
    }

    public AccountResolutionException(string message)
        : base(message)
    {
    }

    public AccountResolutionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AccountResolutionException(AccountRefusal refusal, string message, AddressError? address = null)
        : base(message)
    {
        Refusal = refusal;
        Address = address;
    }

    public AccountRefusal Refusal { get; }

    /// <summary>For <see cref="AccountRefusal.BadAddress"/>: what is wrong with the address, and where.</summary>
    public AddressError? Address { get; }
}
