namespace Ledger.Node.Runtime;

/// <summary>
/// Serialises every call that touches the ledger's LiteDB file. LiteDB 5.0.21 failed under this
/// node's load when the event loop committed a block while gRPC threads looked up transactions
/// ("page type must be collection page", after which the engine disposed itself), so the node
/// never lets a store read overlap a commit. Each call is short (one lookup or one block write).
/// </summary>
public sealed class LedgerStoreGate
{
    private readonly Lock _gate = new();

    public T Run<T>(Func<T> access)
    {
        ArgumentNullException.ThrowIfNull(access);
        lock (_gate)
        {
            return access();
        }
    }

    public void Run(Action access)
    {
        ArgumentNullException.ThrowIfNull(access);
        lock (_gate)
        {
            access();
        }
    }
}
