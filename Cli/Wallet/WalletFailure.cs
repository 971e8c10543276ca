using Ledger.Client.Nodes;

namespace Ledger.Cli.Wallet;

/// <summary>A wallet command that ends with <see cref="ExitCode"/> (a <see cref="WalletExit"/> value), the message a person reads and the nodes that failed.</summary>
public sealed class WalletFailure : Exception
{
    public WalletFailure()
        : this(WalletExit.BadInput, "wallet failure")
    {
    }

    public WalletFailure(string message)
        : this(WalletExit.BadInput, message)
    {
    }

    public WalletFailure(string message, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = WalletExit.BadInput;
        Failures = [];
    }

    public WalletFailure(int exitCode, string message, IReadOnlyList<NodeFailure>? failures = null)
        : base(message)
    {
        ExitCode = exitCode;
        Failures = failures ?? [];
    }

    public int ExitCode { get; }

    public IReadOnlyList<NodeFailure> Failures { get; }
}
