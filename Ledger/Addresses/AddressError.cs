namespace Ledger.Addresses;

/// <summary>
/// A refused address: the typed reason, a sentence a person can act on, and the positions
/// (0-based, in the text as given) of the characters that are wrong or probably mistyped, when
/// known.
/// </summary>
public sealed record AddressError(AddressRefusal Reason, string Message, IReadOnlyList<int> Positions)
{
    public override string ToString() => Message;
}
