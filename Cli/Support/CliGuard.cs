using System.Security.Cryptography;
using Ledger.Crypto.Keys;

namespace Ledger.Cli.Support;

/// <summary>
/// Runs a command body and turns the failures a user can cause (bad arguments, missing files, a
/// wrong passphrase, existing output) into one clear line on stderr and a non-zero exit code,
/// instead of a stack trace.
/// </summary>
public static class CliGuard
{
    public static int Run(Func<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return body();
        }
        catch (Exception e) when (Describe(e) is string message)
        {
            Console.Error.WriteLine($"error: {message}");
            return CliExit.UsageError;
        }
    }

    /// <summary>The one line a user-fixable failure is reported with, or null for a failure that is a bug.</summary>
    public static string? Describe(Exception e) => e switch
    {
        CliException => e.Message,
        KeyFileException k => k.Error switch
        {
            KeyFileError.WrongPassphrase => "wrong passphrase: the key file could not be decrypted",
            KeyFileError.PassphraseRequired => "the key file is encrypted: pass --passphrase-env / --ca-passphrase-env naming a variable that holds the passphrase",
            _ => k.Message,
        },
        FileNotFoundException f => $"file not found: {f.FileName ?? f.Message}",
        DirectoryNotFoundException => e.Message,
        UnauthorizedAccessException => e.Message,
        IOException => e.Message,
        ArgumentException => e.Message,
        FormatException => e.Message,
        CryptographicException => e.Message,
        _ => null,
    };

    /// <summary>The passphrase held by environment variable <paramref name="variable"/>, or null when no variable is named.</summary>
    public static string? PassphraseFromEnv(string? variable)
    {
        if (string.IsNullOrEmpty(variable))
        {
            return null;
        }

        string? value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(value))
        {
            throw new CliException($"environment variable '{variable}' is not set or empty; it should hold the passphrase");
        }

        return value;
    }

    public static string ReadFile(string path, string what)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"{what} '{path}' does not exist");
        }

        return File.ReadAllText(path);
    }
}
