namespace Ledger.Cli.Bench;

/// <summary>
/// One scheme `ledger bench crypto` measures: a key made once, then signing and verifying through
/// per-worker instances (some libraries' signers are not thread-safe, so each worker gets its own).
/// </summary>
public abstract class SignatureScheme : IDisposable
{
    /// <summary>The name used in --schemes, the table and the CSV.</summary>
    public abstract string Name { get; }

    /// <summary>Library and algorithm, for the table's heading.</summary>
    public abstract string Description { get; }

    /// <summary>A signer/verifier for one worker thread.</summary>
    public abstract ISchemeWorker CreateWorker();

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
