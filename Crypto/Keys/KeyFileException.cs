namespace Ledger.Crypto.Keys;

/// <summary>A private key file that cannot be used, with the reason as <see cref="Error"/>.</summary>
public sealed class KeyFileException : Exception
{
    public KeyFileException(KeyFileError error, string message, Exception? inner = null)
        : base(message, inner)
    {
        Error = error;
    }

    public KeyFileException()
        : this(KeyFileError.Malformed, "malformed key file")
    {
    }

    public KeyFileException(string message)
        : this(KeyFileError.Malformed, message)
    {
    }

    public KeyFileException(string message, Exception inner)
        : this(KeyFileError.Malformed, message, inner)
    {
    }

    public KeyFileError Error { get; }
}
