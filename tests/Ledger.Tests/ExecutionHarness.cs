using Ledger.Execution;
using Ledger.Genesis;
using Ledger.Membership;
using Ledger.State;
using Ledger.TestKit.Chains;
using Ledger.Transactions;

namespace Ledger.Tests;

/// <summary>Executes blocks one after another on a <see cref="TestChain"/>'s genesis state, in memory.</summary>
internal sealed class ExecutionHarness
{
    public ExecutionHarness(TestChain chain)
    {
        Chain = chain;
        Authority = MembershipAuthority.FromGenesis(chain.Genesis);
        Executor = new BlockExecutor(LedgerRules.From(chain.Genesis));
        State = GenesisState.Build(chain.Genesis, Authority);
        TimestampMs = chain.GenesisTimeMs;
    }

    public TestChain Chain { get; }

    public MembershipAuthority Authority { get; }

    public BlockExecutor Executor { get; }

    public LedgerState State { get; private set; }

    public long TimestampMs { get; private set; }

    public ExecutionResult Run(long advanceMs, params Transaction[] transactions)
    {
        TimestampMs += advanceMs;
        ulong height = State.Height + 1;
        ExecutionResult result = Executor.Execute(State, new BlockInput(TestBlocks.Id(height - 1), TestBlocks.Id(height), height, TimestampMs, transactions));
        State = result.State;
        return result;
    }

    public ulong BalanceOf(int member) => State.TryGetAccount(Chain.Members[member].PublicKey, out Account a) ? a.Balance : 0;
}
