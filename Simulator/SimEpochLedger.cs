using Ledger.Consensus;
using Ledger.Crypto;

namespace Ledger.Simulator;

/// <summary>
/// The epoch part of the simulated application's state: which epoch and validator set each state
/// root is in. A pure function of the chain (every replica executing a block gets the same answer),
/// so one table serves every replica of a run, as the state header's epoch and roster root do for
/// a node. Unknown roots (never executed) have no entry.
/// </summary>
internal sealed class SimEpochLedger
{
    private readonly Dictionary<Hash32, EpochChange> _byState = [];
    private readonly Dictionary<int, ValidatorSet> _setByMask = [];

    public SimEpochLedger(Hash32 genesisStateRoot, EpochChange genesis)
    {
        Genesis = genesis;
        _byState[genesisStateRoot] = genesis;
    }

    public EpochChange Genesis { get; }

    /// <summary>The epoch a state root is in (null when no replica produced it).</summary>
    public EpochChange? Of(Hash32 stateRoot) => _byState.GetValueOrDefault(stateRoot);

    /// <summary>
    /// Records the state a block's execution produced; returns the next epoch when the block ordered
    /// a validator-set change (the last one it orders wins), else null.
    /// </summary>
    public EpochChange? Execute(Hash32 parentStateRoot, Hash32 stateRoot, IReadOnlyList<int> transactions)
    {
        EpochChange parent = Of(parentStateRoot) ?? throw new InvalidOperationException($"executing on unknown state {parentStateRoot.ToShortHex()}");
        int? change = transactions.Where(SimReconfiguration.IsChange).Cast<int?>().LastOrDefault();
        EpochChange? next = change is { } id ? new EpochChange(parent.Epoch + 1, SetOf(id)) : null;
        _byState[stateRoot] = next ?? parent;
        return next;
    }

    private ValidatorSet SetOf(int change)
    {
        int mask = (change - SimReconfiguration.FirstId) & 0xFFFF;
        if (!_setByMask.TryGetValue(mask, out ValidatorSet? set))
        {
            set = new ValidatorSet(SimReconfiguration.Members(change).Select(key => SimKeys.Validator(key).PublicKey));
            _setByMask[mask] = set;
        }

        return set;
    }
}
