using Ledger.Consensus;
using Ledger.Genesis;

namespace Ledger.Node.Runtime;

/// <summary>
/// The validators of the epoch this node is in (<see cref="EpochRoster"/>): the consensus index of
/// each name and back, keys, organisations. Starts from the committed ledger state's epoch and is
/// replaced (<see cref="Enter"/>) when the consensus core enters a new epoch, so everything that
/// names validators (peer links, the peer certificate check, revoked signers, logs) follows the
/// current set, not genesis's. Read from any thread: the roster is an immutable object swapped whole.
/// </summary>
public sealed class Committee
{
    private volatile EpochRoster _current;

    /// <summary>Genesis's set (epoch 0).</summary>
    public Committee(GenesisDocument genesis)
        : this(EpochRoster.FromGenesis(genesis ?? throw new ArgumentNullException(nameof(genesis))))
    {
    }

    public Committee(EpochRoster roster)
    {
        ArgumentNullException.ThrowIfNull(roster);
        _current = roster;
    }

    /// <summary>Raised (on the caller of <see cref="Enter"/>) after the set changed.</summary>
    public event Action<EpochRoster>? Changed;

    public EpochRoster Current => _current;

    public ulong Epoch => _current.Epoch;

    public ValidatorSet Validators => _current.Validators;

    public int Count => _current.Names.Count;

    public string NameOf(int index) => _current.NameOf(index);

    public int IndexOf(string name) => _current.IndexOf(name);

    /// <summary>Whether <paramref name="name"/> is a validator of the current epoch.</summary>
    public bool Contains(string name) => _current.IndexOf(name) >= 0;

    /// <summary>
    /// Takes <paramref name="next"/> as the current set when it is of a later epoch (epochs only move
    /// forward; the same or an older one is ignored). True when the set changed.
    /// </summary>
    public bool Enter(EpochRoster next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (next.Epoch <= _current.Epoch)
        {
            return false;
        }

        _current = next;
        Changed?.Invoke(next);
        return true;
    }
}
