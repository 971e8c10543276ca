namespace Ledger.Crypto.Keys;

/// <summary>Why a private key file could not be read.</summary>
public enum KeyFileError
{
    /// <summary>Not PEM, or the PEM does not hold a PKCS#8 private key.</summary>
    Malformed,

    /// <summary>The key is encrypted and no passphrase was given.</summary>
    PassphraseRequired,

    /// <summary>The key is encrypted and the passphrase does not decrypt it.</summary>
    WrongPassphrase,

    /// <summary>The file holds a valid key of another algorithm than the one asked for.</summary>
    WrongAlgorithm,
}
