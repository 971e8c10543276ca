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
    private readonly Dictionary<Hash32, IReadOnlyList<QuorumCertificate>> _epochEndEvidence = [];

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

    /// <summary>The node's mempool: transactions it received and has not committed.</summary>
    public SortedSet<int> Pending { get; } = [];

    /// <summary>Transactions of executed, not yet committed blocks (left out of its proposals, as the node's leases do).</summary>
    public Dictionary<Hash32, IReadOnlyList<int>> InFlight { get; } = [];

    /// <summary>Transactions this node committed.</summary>
    public HashSet<int> CommittedTransactions { get; } = [];

    /// <summary>Set when a <see cref="EpochCrashPoint.AfterExecutingEnd"/> crash is due once the current step ends: the epoch it ends.</summary>
    public ulong? CrashAfterStepInEpoch { get; set; }

    /// <summary>What the core was last told about pending work.</summary>
    public bool ReportedWork { get; set; }

    /// <summary>
    /// Pending transactions no executed uncommitted block holds, oldest id first, at most a block's
    /// worth and at most one validator-set change (a block ends at most one epoch).
    /// </summary>
    public IReadOnlyList<int> Proposable()
    {
        var inFlight = InFlight.Values.SelectMany(t => t).ToHashSet();
        var proposable = new List<int>();
        bool change = false;
        foreach (int id in Pending.Where(id => !inFlight.Contains(id)))
        {
            if (SimReconfiguration.IsChange(id))
            {
                if (change)
                {
                    continue;
                }

                change = true;
            }

            proposable.Add(id);
            if (proposable.Count == SimApplication.MaxTransactions)
            {
                break;
            }
        }

        return proposable;
    }

    /// <summary>The challenges this run of the node asked its peers' signed rounds with (oldest first, bounded).</summary>
    public List<Ledger.Crypto.Hash32> IssuedChallenges { get; } = [];

    public bool IsUp => Core is not null;

    /// <param name="epochEndEvidence">For the last block of a commit: the QCs after its own in its commit evidence (kept for epoch-ending blocks, which sync answers carry).</param>
    public void Commit(CommittedBlock block, IReadOnlyList<QuorumCertificate>? epochEndEvidence = null)
    {
        if (epochEndEvidence is not null)
        {
            _epochEndEvidence[block.Block.Id] = epochEndEvidence;
        }

        InFlight.Remove(block.Block.Id);
        foreach (int id in SimApplication.Transactions(block.Block.Payload))
        {
            Pending.Remove(id);
            CommittedTransactions.Add(id);
        }

        _committedByHeight[block.Block.Height] = block;
        _committedById[block.Block.Id] = block;
        CommittedHeight = block.Block.Height;
        LastCommitted = block;
    }

    public Block? FindBlock(Hash32 id) => Core?.FindBlock(id) ?? _committedById.GetValueOrDefault(id)?.Block;

    public Block? FindCommittedAt(ulong height) => _committedByHeight.GetValueOrDefault(height)?.Block;

    public QuorumCertificate? FindQc(Hash32 id) => Core?.FindQc(id) ?? _committedById.GetValueOrDefault(id)?.Qc;

    public IReadOnlyList<QuorumCertificate>? FindEpochEndEvidence(Hash32 id) => _epochEndEvidence.GetValueOrDefault(id);
}
