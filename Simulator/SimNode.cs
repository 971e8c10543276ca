using Ledger.Consensus.Core;
using Ledger.Consensus.Messages;
using Ledger.Consensus.Safety;
using Ledger.Consensus.Sync;
using Ledger.Crypto;

namespace Ledger.Simulator;

/// <summary>
/// What a node does around its core, in miniature: it keeps the persisted safety data, the
/// committed chain (to restart from and to answer sync requests) and the timer generation.
/// </summary>
internal sealed class SimNode : IBlockSource
{
    private readonly Dictionary<ulong, CommittedBlock> _committedByHeight = [];
    private readonly Dictionary<Hash32, CommittedBlock> _committedById = [];

    public SimNode(int slot, int validator, ByzantineBehaviour? behaviour)
    {
        Slot = slot;
        Validator = validator;
        Behaviour = behaviour;
    }

    public int Slot { get; }

    public int Validator { get; }

    /// <summary>Null for an honest replica (Twins are honest code run by a Byzantine validator).</summary>
    public ByzantineBehaviour? Behaviour { get; }

    /// <summary>Honest and not one of a pair of twins: the replicas whose commits are checked.</summary>
    public bool IsHonest => Behaviour is null;

    public ConsensusCore? Core { get; set; }

    public SafetyData Persisted { get; set; } = SafetyData.Initial;

    public long TimerGeneration { get; set; }

    public int PayloadCounter { get; set; }

    public ulong CommittedHeight { get; private set; }

    public CommittedBlock? LastCommitted { get; private set; }

    /// <summary>Messages received, for the replaying adversary (bounded).</summary>
    public List<object> Received { get; } = [];

    public bool IsUp => Core is not null;

    public void Commit(CommittedBlock block)
    {
        _committedByHeight[block.Block.Height] = block;
        _committedById[block.Block.Id] = block;
        CommittedHeight = block.Block.Height;
        LastCommitted = block;
    }

    public Block? FindBlock(Hash32 id) => Core?.FindBlock(id) ?? _committedById.GetValueOrDefault(id)?.Block;

    public Block? FindCommittedAt(ulong height) => _committedByHeight.GetValueOrDefault(height)?.Block;

    public QuorumCertificate? FindQc(Hash32 id) => Core?.FindQc(id) ?? _committedById.GetValueOrDefault(id)?.Qc;
}
