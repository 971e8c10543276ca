using Ledger.Transactions;

namespace Ledger.Node.Runtime;

/// <summary>
/// The last payload this replica built for a proposal, with the transactions it was encoded from,
/// so that executing its own block does not decode the same bytes again. Matched by the bytes
/// themselves (decoding is a function of them), so a payload the core replaced (an empty one
/// after an epoch-ending block) or another leader's block is decoded as usual. One payload is kept
/// at most, and given up once taken.
/// </summary>
internal sealed class BuiltPayload
{
    private byte[]? _bytes;
    private IReadOnlyList<Transaction>? _transactions;

    public void Keep(byte[] bytes, IReadOnlyList<Transaction> transactions)
    {
        _bytes = bytes ?? throw new ArgumentNullException(nameof(bytes));
        _transactions = transactions ?? throw new ArgumentNullException(nameof(transactions));
    }

    /// <summary>The transactions <paramref name="payload"/> was built from when it is the kept payload, else null.</summary>
    public IReadOnlyList<Transaction>? Take(ReadOnlySpan<byte> payload)
    {
        if (_bytes is null || !payload.SequenceEqual(_bytes))
        {
            return null;
        }

        var transactions = _transactions;
        _bytes = null;
        _transactions = null;
        return transactions;
    }
}
