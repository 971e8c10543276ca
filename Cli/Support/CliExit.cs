namespace Ledger.Cli.Support;

/// <summary>Exit codes shared by the `ledger` sub-commands.</summary>
public static class CliExit
{
    public const int Ok = 0;

    /// <summary>The command ran and the answer is "no" (e.g. a certificate is not valid).</summary>
    public const int Rejected = 1;

    /// <summary>Bad arguments, missing or unreadable files, a wrong passphrase, refusing to overwrite.</summary>
    public const int UsageError = 2;
}
