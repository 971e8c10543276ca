using Ledger.Crypto;
using Ledger.Genesis;

namespace Ledger.Addresses;

/// <summary>
/// Turns what a person types for an account into its key, before anything is signed: a
/// checksummed address of this network (a mistyped one is refused, naming the character), the
/// key as 64 hex characters, a genesis member's name, or a short id the wallet printed (a hex
/// prefix of at least <see cref="MinShortId"/> characters that exactly one genesis member's key
/// starts with). Only genesis members can be named or abbreviated: the wallet knows nothing else
/// without asking a node, and it resolves before it asks. Thread-safe.
/// </summary>
public sealed class AccountResolver
{
    /// <summary>The shortest hex prefix accepted as a short id (the wallet prints 12).</summary>
    public const int MinShortId = 8;

    private readonly IReadOnlyList<(string Name, PublicKey Key)> _members;

    public AccountResolver(GenesisDocument genesis)
    {
        ArgumentNullException.ThrowIfNull(genesis);
        Addresses = AddressCodec.ForChain(genesis.ChainId);
        _members = [.. genesis.Members.Select(m => (m.Name, PublicKey.TryFromHex(m.PublicKey, out PublicKey key)
            ? key
            : throw new FormatException($"genesis member '{m.Name}': public key is not 64 hex characters")))];
    }

    public AddressCodec Addresses { get; }

    /// <summary>The account <paramref name="text"/> names; throws <see cref="AccountResolutionException"/> saying why not.</summary>
    public ResolvedAccount Resolve(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string input = text.Trim();
        if (input.Length == 0)
        {
            throw new AccountResolutionException(AccountRefusal.Empty, "no account given");
        }

        if (_members.FirstOrDefault(m => string.Equals(m.Name, input, StringComparison.Ordinal)) is { Name: not null } member)
        {
            return new ResolvedAccount(member.Key, AccountSource.MemberName, member.Name);
        }

        if (PublicKey.TryFromHex(input, out PublicKey key))
        {
            return new ResolvedAccount(key, AccountSource.Hex, NameOf(key));
        }

        if (input.Length >= MinShortId && input.All(char.IsAsciiHexDigit))
        {
            return FromShortId(input);
        }

        // Written as an address (a separator '1' with more after it): this network's, or it is
        // refused as mistyped or as another network's. Hex was tried first, and no address is hex.
        if (input.Contains('1', StringComparison.Ordinal) && input.Length > MinShortId)
        {
            return FromAddress(input);
        }

        throw new AccountResolutionException(AccountRefusal.Unrecognised,
            $"'{input}' is not an address ({Addresses.Prefix}1...), 64 hex characters, a genesis member ({MemberList()}) or the short id of one");
    }

    /// <summary>How output names an account: its address, and its genesis member name when it has one.</summary>
    public string Label(PublicKey key) => NameOf(key) is { } name ? $"{Addresses.Encode(key)} ({name})" : Addresses.Encode(key);

    /// <summary>The genesis member name of <paramref name="key"/>, or null.</summary>
    public string? NameOf(PublicKey key) => _members.FirstOrDefault(m => m.Key == key).Name;

    private ResolvedAccount FromAddress(string input)
    {
        if (!Addresses.TryDecode(input, out PublicKey key, out AddressError? error))
        {
            throw new AccountResolutionException(AccountRefusal.BadAddress, error!.Message, error);
        }

        return new ResolvedAccount(key, AccountSource.Address, NameOf(key));
    }

    private ResolvedAccount FromShortId(string input)
    {
        string prefix = input.ToLowerInvariant();
        var matches = _members.Where(m => m.Key.ToHex().StartsWith(prefix, StringComparison.Ordinal)).ToList();
        return matches.Count switch
        {
            1 => new ResolvedAccount(matches[0].Key, AccountSource.ShortId, matches[0].Name),
            0 => throw new AccountResolutionException(AccountRefusal.UnknownShortId,
                $"no genesis member's key starts with '{input}'; give the full address or 64 hex characters"),
            _ => throw new AccountResolutionException(AccountRefusal.AmbiguousShortId,
                $"'{input}' is the start of {matches.Count} members' keys ({string.Join(", ", matches.Select(m => m.Name))}); give more characters or the address"),
        };
    }

    private string MemberList() =>
        _members.Count <= 8
            ? string.Join(", ", _members.Select(m => m.Name))
            : string.Join(", ", _members.Take(8).Select(m => m.Name)) + $", ... {_members.Count - 8} more";
}
