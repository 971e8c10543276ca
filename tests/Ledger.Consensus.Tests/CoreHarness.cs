using Ledger.Consensus.Core;
using Ledger.Crypto;
using Ledger.TestKit;

namespace Ledger.Consensus.Tests;

/// <summary>
/// Drives one core in a unit test: answers ExecuteBlock at once with the builder's state function
/// and collects every action, as a node would, with a fixed clock.
/// </summary>
internal sealed class CoreHarness(ConsensusCore core, long nowMs = ConsensusBuilder.GenesisTimeMs + 1_000)
{
    public ConsensusCore Core { get; } = core;

    public long Now { get; set; } = nowMs;

    public List<ConsensusAction> Actions { get; } = [];

    public List<ConsensusOutputs> Outputs { get; } = [];

    public IEnumerable<MessageRejected> Rejections => Outputs.SelectMany(o => o.Rejections);

    public bool ExecuteAutomatically { get; set; } = true;

    public IReadOnlyList<ConsensusAction> Start() => Record(Core.Start(Now));

    /// <summary>Handles the input and any execution it triggers; returns the actions of this call.</summary>
    public IReadOnlyList<ConsensusAction> Handle(ConsensusInput input)
    {
        var produced = new List<ConsensusAction>();
        var pending = new Queue<ConsensusInput>();
        pending.Enqueue(input);
        while (pending.Count > 0)
        {
            IReadOnlyList<ConsensusAction> actions = Record(Core.Handle(pending.Dequeue(), Now));
            produced.AddRange(actions);
            if (ExecuteAutomatically)
            {
                foreach (ExecuteBlock x in actions.OfType<ExecuteBlock>())
                {
                    pending.Enqueue(new BlockExecuted(x.Block.Id, ConsensusBuilder.StateAfter(x.ParentStateRoot, x.Block)));
                }
            }
        }

        return produced;
    }

    public static Hash32 StateOf(Hash32 parent, Ledger.Consensus.Messages.Block block) => ConsensusBuilder.StateAfter(parent, block);

    public IReadOnlyList<ConsensusAction> Record(ConsensusOutputs outputs)
    {
        Outputs.Add(outputs);
        Actions.AddRange(outputs.Actions);
        return outputs.Actions;
    }
}
