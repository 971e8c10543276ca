namespace Ledger.Addresses;

/// <summary>Why a text is not an address of this network (<see cref="AddressCodec.TryDecode"/>).</summary>
public enum AddressRefusal
{
    /// <summary>No separator '1' with a data part after it: not an address at all.</summary>
    NotAnAddress,

    /// <summary>Upper and lower case letters mixed (an address is all one case).</summary>
    MixedCase,

    /// <summary>A well-formed address for another chain: its prefix is not this network's.</summary>
    WrongPrefix,

    /// <summary>A character outside the Bech32 alphabet in the data part (e.g. 'b', 'i', 'o', '1').</summary>
    BadCharacter,

    /// <summary>The checksum fails: a character is mistyped, missing, extra or swapped.</summary>
    BadChecksum,

    /// <summary>A valid Bech32 (BIP-173) checksum where this format uses Bech32m (BIP-350).</summary>
    NotBech32m,

    /// <summary>The checksum holds but the data is not one 32-byte key (wrong length, or non-zero padding bits).</summary>
    WrongLength,
}
