using System.Text;
using Ledger.Crypto;
using NBitcoin.DataEncoders;

namespace Ledger.Addresses;

/// <summary>
/// The printable form of an account: Bech32m (BIP-350) with a chain-specific human-readable
/// prefix over the account's 32-byte Ed25519 public key, e.g.
/// <c>ledger-test1v5clxmmcu5s50ktv9sp2rjtm4xmp340cryc7rglsltew7uw97ywsaacgul</c>. The six-character
/// checksum detects any mistyped character and any two (BIP-350 guarantees detection of up to four
/// substitutions), and the prefix keeps an address of one network from being used on another.
/// The prefix is derived from the chain id (<see cref="PrefixFor"/>); the checksum is computed
/// by NBitcoin's Bech32 encoder, the maintained .NET implementation (tested here against the
/// BIP-350 vectors). Format: docs/PROTOCOL.md, "Addresses". Immutable and thread-safe.
/// </summary>
public sealed class AddressCodec
{
    /// <summary>Bech32 strings are at most 90 characters: a prefix, '1', 52 data and 6 checksum characters.</summary>
    public const int MaxPrefixLength = 90 - 1 - DataLength - ChecksumLength;

    private const int DataLength = 52;
    private const int ChecksumLength = 6;
    private const string Alphabet = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

    private readonly Bech32Encoder _encoder;

    public AddressCodec(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (!IsValidPrefix(prefix))
        {
            throw new ArgumentException($"address prefix '{prefix}' must be 1..{MaxPrefixLength} lower-case printable ASCII characters", nameof(prefix));
        }

        Prefix = prefix;
        // SquashBytes: the encoder converts between the key's bytes and 5-bit groups (zero-padded,
        // and a decode with non-zero padding is refused).
        _encoder = Encoders.Bech32(prefix);
        _encoder.SquashBytes = true;
    }

    /// <summary>The human-readable part, written before the separator '1'.</summary>
    public string Prefix { get; }

    /// <summary>The codec for a chain: its prefix is <see cref="PrefixFor"/>(<paramref name="chainId"/>).</summary>
    public static AddressCodec ForChain(string chainId) => new(PrefixFor(chainId));

    /// <summary>
    /// The address prefix of a chain: its chain id in lower case when that is 1..31 printable
    /// ASCII characters (codes 33..126), else "ledger-" and the first 8 hex digits of SHA-256 of
    /// the chain id's UTF-8 bytes. Chain ids that differ only in case share a prefix.
    /// </summary>
    public static string PrefixFor(string chainId)
    {
        ArgumentException.ThrowIfNullOrEmpty(chainId);
        string lower = chainId.ToLowerInvariant();
        return IsValidPrefix(lower) ? lower : "ledger-" + Hash32.Sha256(Encoding.UTF8.GetBytes(chainId)).ToHex()[..8];
    }

    public string Encode(PublicKey key) => _encoder.EncodeData(key.ToArray(), Bech32EncodingType.BECH32M);

    public PublicKey Decode(string text) =>
        TryDecode(text, out PublicKey key, out AddressError? error) ? key : throw new FormatException(error!.Message);

    /// <summary>
    /// True with the key when <paramref name="text"/> is an address of this network (lower or
    /// upper case, surrounding white space ignored); otherwise the reason, with the positions of
    /// the offending characters when they can be told.
    /// </summary>
    public bool TryDecode(string text, out PublicKey key, out AddressError? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        key = default;
        text = text.Trim();
        error = Check(text, out string? normalised);
        if (error is not null)
        {
            return false;
        }

        try
        {
            byte[] data = _encoder.DecodeDataRaw(normalised!, out Bech32EncodingType type);
            if (type != Bech32EncodingType.BECH32M)
            {
                error = Refuse(AddressRefusal.NotBech32m, $"'{text}' has a Bech32 (BIP-173) checksum; addresses use Bech32m (BIP-350)");
                return false;
            }

            if (data.Length != PublicKey.Size)
            {
                error = Refuse(AddressRefusal.WrongLength, $"'{text}' holds {data.Length} bytes, an address holds a {PublicKey.Size}-byte key");
                return false;
            }

            key = new PublicKey(data);
            return true;
        }
        catch (Bech32FormatException e)
        {
            int[] positions = e.ErrorIndexes;
            string where = string.Join(" and ", positions.Select(p => $"{p + 1} ('{text[p]}')"));
            error = new AddressError(AddressRefusal.BadChecksum,
                $"'{text}' is not a valid address: its checksum fails, character {where} is probably mistyped", positions);
            return false;
        }
        catch (FormatException e) when (e.Message.Contains("squashed", StringComparison.OrdinalIgnoreCase))
        {
            error = Refuse(AddressRefusal.WrongLength, $"'{text}' does not hold a {PublicKey.Size}-byte key (its last character's padding bits are not zero)");
            return false;
        }
        catch (FormatException)
        {
            error = Refuse(AddressRefusal.BadChecksum,
                $"'{text}' is not a valid address: its checksum fails (a character is mistyped, missing or extra; an address has {Prefix.Length + 1 + DataLength + ChecksumLength} characters, this one {text.Length})");
            return false;
        }
    }

    // The checks that name what is wrong before the checksum is computed: separator, case,
    // prefix, alphabet. Returns the text in lower case to decode, or the refusal.
    private AddressError? Check(string text, out string? normalised)
    {
        normalised = null;
        int separator = text.LastIndexOf('1');
        if (separator < 1 || separator + 1 + ChecksumLength > text.Length)
        {
            return Refuse(AddressRefusal.NotAnAddress, $"'{text}' is not an address ({Prefix}1 followed by {DataLength + ChecksumLength} characters)");
        }

        bool hasLower = text.Any(char.IsAsciiLetterLower);
        bool hasUpper = text.Any(char.IsAsciiLetterUpper);
        if (hasLower && hasUpper)
        {
            return Refuse(AddressRefusal.MixedCase, $"'{text}' mixes upper and lower case; an address is written in one case");
        }

        string lower = text.ToLowerInvariant();
        string prefix = lower[..separator];
        if (!string.Equals(prefix, Prefix, StringComparison.Ordinal))
        {
            return IsAddressOfPrefix(lower, prefix)
                ? Refuse(AddressRefusal.WrongPrefix, $"'{text}' is an address of another network (prefix '{prefix}'); this network's prefix is '{Prefix}'")
                : Refuse(AddressRefusal.BadChecksum, $"'{text}' is not a valid address: it does not start with this network's prefix '{Prefix}1', and is no valid address of another network either");
        }

        for (int i = separator + 1; i < lower.Length; i++)
        {
            if (!Alphabet.Contains(lower[i], StringComparison.Ordinal))
            {
                return new AddressError(AddressRefusal.BadCharacter,
                    $"'{text}' is not a valid address: character {i + 1} ('{text[i]}') is not in the address alphabet (which has no b, i, o or 1)", [i]);
            }
        }

        normalised = lower;
        return null;
    }

    // True when the text is a well-formed address under another prefix: then it was copied from
    // another network, not mistyped.
    private static bool IsAddressOfPrefix(string lower, string prefix)
    {
        if (!IsValidPrefix(prefix))
        {
            return false;
        }

        try
        {
            Bech32Encoder other = Encoders.Bech32(prefix);
            other.SquashBytes = true;
            return other.DecodeDataRaw(lower, out Bech32EncodingType type).Length == PublicKey.Size && type == Bech32EncodingType.BECH32M;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static AddressError Refuse(AddressRefusal reason, string message) => new(reason, message, []);

    private static bool IsValidPrefix(string prefix) =>
        prefix.Length is >= 1 and <= MaxPrefixLength
        && prefix.All(c => c is >= '!' and <= '~' && !char.IsAsciiLetterUpper(c));
}
