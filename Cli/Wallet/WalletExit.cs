namespace Ledger.Cli.Wallet;

/// <summary>
/// The wallet's exit codes, documented in README.md ("The wallet"). Each has a machine-readable
/// name, the `error.code` of a `--json` answer.
/// </summary>
public static class WalletExit
{
    /// <summary>Done: the answer is verified (a committed transfer with receipt Success, a balance, a profile written).</summary>
    public const int Ok = 0;

    /// <summary>Bad input or usage; nothing was signed or sent.</summary>
    public const int BadInput = 2;

    /// <summary>The ledger refused the transfer (its reason code given), or it expired unapplied.</summary>
    public const int Refused = 3;

    /// <summary>The outcome is not known yet; re-running with the same request id is safe.</summary>
    public const int Unknown = 4;

    /// <summary>No node could be reached.</summary>
    public const int NoNode = 5;

    /// <summary>An answer failed verification against genesis and no other node gave a verified one (the node is named).</summary>
    public const int NotVerified = 6;

    public static string Name(int exitCode) => exitCode switch
    {
        Ok => "Ok",
        BadInput => "BadInput",
        Refused => "Refused",
        Unknown => "OutcomeUnknown",
        NoNode => "NoNodeReachable",
        NotVerified => "VerificationFailed",
        _ => "Failed",
    };
}
