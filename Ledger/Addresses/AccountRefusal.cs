namespace Ledger.Addresses;

/// <summary>Why a text names no account (<see cref="AccountResolutionException.Refusal"/>).</summary>
public enum AccountRefusal
{
    /// <summary>Nothing was given.</summary>
    Empty,

    /// <summary>It is written as an address but is not a valid one of this network (<see cref="AccountResolutionException.Address"/> says why).</summary>
    BadAddress,

    /// <summary>A short id that no genesis member's key starts with.</summary>
    UnknownShortId,

    /// <summary>A short id that several genesis members' keys start with.</summary>
    AmbiguousShortId,

    /// <summary>Neither an address, a key, a member name nor a short id.</summary>
    Unrecognised,
}
