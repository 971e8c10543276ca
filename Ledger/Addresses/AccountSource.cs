namespace Ledger.Addresses;

/// <summary>How an account was named on input (<see cref="AccountResolver"/>).</summary>
public enum AccountSource
{
    /// <summary>A checksummed address of this network.</summary>
    Address,

    /// <summary>The key as 64 hex characters (no checksum: a typo cannot be told).</summary>
    Hex,

    /// <summary>The name of a genesis member.</summary>
    MemberName,

    /// <summary>A hex prefix of a genesis member's key that no other member shares.</summary>
    ShortId,
}
