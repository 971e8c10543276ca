using Ledger.Addresses;
using Ledger.Crypto;
using Ledger.Genesis;
using Ledger.TestKit.Chains;

namespace Ledger.Tests;

/// <summary>What a person types for an account: address, key, member name or short id, and the precise refusals.</summary>
public sealed class AccountResolverTests
{
    private static readonly TestChain Chain = TestChain.Create();
    private static readonly AccountResolver Resolver = new(Chain.Genesis);

    private static PublicKey Member(int i) => Chain.Members[i].PublicKey;

    [Fact]
    public void Resolve_EachForm_GivesTheKeyAndSaysHowItWasNamed()
    {
        string address = Resolver.Addresses.Encode(Member(1));
        Assert.Equal(new ResolvedAccount(Member(1), AccountSource.Address, "member1"), Resolver.Resolve(address));
        Assert.Equal(new ResolvedAccount(Member(1), AccountSource.Address, "member1"), Resolver.Resolve(address.ToUpperInvariant()));
        Assert.Equal(new ResolvedAccount(Member(2), AccountSource.Hex, "member2"), Resolver.Resolve(Member(2).ToHex()));
        Assert.Equal(new ResolvedAccount(Member(3), AccountSource.MemberName, "member3"), Resolver.Resolve("member3"));
        Assert.Equal(new ResolvedAccount(Member(0), AccountSource.ShortId, "member0"), Resolver.Resolve(Member(0).ToShortHex()));
        Assert.Equal(new ResolvedAccount(Member(0), AccountSource.ShortId, "member0"), Resolver.Resolve(Member(0).ToHex()[..8].ToUpperInvariant()));
    }

    [Fact]
    public void Resolve_KeyOfNoMember_IsAcceptedAsAddressOrHexWithoutAName()
    {
        using SigningKey stranger = TestChain.KeyFor(77);
        Assert.Equal(new ResolvedAccount(stranger.PublicKey, AccountSource.Address, null), Resolver.Resolve(Resolver.Addresses.Encode(stranger.PublicKey)));
        Assert.Equal(new ResolvedAccount(stranger.PublicKey, AccountSource.Hex, null), Resolver.Resolve(stranger.PublicKey.ToHex()));
    }

    [Fact]
    public void Resolve_MistypedAddress_IsRefusedNamingTheCharacter()
    {
        string address = Resolver.Addresses.Encode(Member(1));
        int position = 33;
        string typo = address[..position] + (address[position] == 'q' ? 'p' : 'q') + address[(position + 1)..];

        var e = Assert.Throws<AccountResolutionException>(() => Resolver.Resolve(typo));
        Assert.Equal(AccountRefusal.BadAddress, e.Refusal);
        Assert.Equal(AddressRefusal.BadChecksum, e.Address!.Reason);
        Assert.Equal([position], e.Address.Positions);
        Assert.Contains($"character {position + 1} ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_AddressOfAnotherNetwork_IsRefused()
    {
        string foreign = AddressCodec.ForChain("another-chain").Encode(Member(1));

        var e = Assert.Throws<AccountResolutionException>(() => Resolver.Resolve(foreign));
        Assert.Equal((AccountRefusal.BadAddress, AddressRefusal.WrongPrefix), (e.Refusal, e.Address!.Reason));
    }

    [Fact]
    public void Resolve_ShortIdOfNoMemberOrOfSeveral_IsRefused()
    {
        var e = Assert.Throws<AccountResolutionException>(() => Resolver.Resolve("00000000000f"));
        Assert.Equal(AccountRefusal.UnknownShortId, e.Refusal);

        GenesisDocument twins = Chain.Genesis with
        {
            Members =
            [
                Chain.Genesis.Members[0] with { Name = "a", PublicKey = "aaaaaaaa11" + new string('0', 54) },
                Chain.Genesis.Members[1] with { Name = "b", PublicKey = "aaaaaaaa22" + new string('0', 54) },
            ],
        };
        var resolver = new AccountResolver(twins);
        e = Assert.Throws<AccountResolutionException>(() => resolver.Resolve("aaaaaaaa"));
        Assert.Equal(AccountRefusal.AmbiguousShortId, e.Refusal);
        Assert.Contains("2 members' keys (a, b)", e.Message, StringComparison.Ordinal);
        Assert.Equal("b", resolver.Resolve("aaaaaaaa2").MemberName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("nobody")]
    [InlineData("6531f3")]
    [InlineData("not an address 1 at all")]
    public void Resolve_Unrecognised_IsRefused(string text)
    {
        var e = Assert.Throws<AccountResolutionException>(() => Resolver.Resolve(text));
        Assert.Contains(e.Refusal, new[] { AccountRefusal.Empty, AccountRefusal.Unrecognised, AccountRefusal.BadAddress });
    }

    [Fact]
    public void Label_MemberAndStranger_ShowAddressAndKnownName()
    {
        using SigningKey stranger = TestChain.KeyFor(77);
        Assert.Equal($"{Resolver.Addresses.Encode(Member(2))} (member2)", Resolver.Label(Member(2)));
        Assert.Equal(Resolver.Addresses.Encode(stranger.PublicKey), Resolver.Label(stranger.PublicKey));
    }
}
