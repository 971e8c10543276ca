using Grpc.Core;
using Ledger.Chaos.Running;
using Ledger.Chaos.Workload;
using Ledger.Client.Evidence;
using Ledger.Client.Nodes;
using Ledger.Client.Protos;

namespace Ledger.Chaos.Checks;

/// <summary>
/// The checks made while the network runs, at every checkpoint: the validators that answer must
/// hold the same block and state root at the highest height they all have (each proven against
/// genesis), and every member's balance, read from one validator in turn and proven against
/// genesis, must commit to the genesis supply and fit within it. Balances read are kept for the
/// bank's books at the end. A validator that does not answer is skipped, not failed.
/// </summary>
public sealed class LiveChecks(ChaosNetwork network, CheckBook book, WorkloadHistory history, TimeSpan callDeadline)
{
    private readonly EvidenceVerifier _verifier = new(network.Genesis);
    private readonly ulong _supply = network.Genesis.Members.Aggregate(0UL, (sum, m) => sum + m.Balance);
    private int _turn;

    /// <summary>Runs one checkpoint; returns the heights seen (for progress lines).</summary>
    public async Task<IReadOnlyDictionary<string, GetStatusResponse?>> RunAsync(CancellationToken ct)
    {
        var statuses = await network.StatusesAsync(ct).ConfigureAwait(false);
        var answering = statuses.Where(s => s.Value is not null).Select(s => s.Key).ToList();
        if (answering.Count >= 2)
        {
            var common = answering.Min(n => statuses[n]!.CommittedHeight);
            if (common > 0)
            {
                await CompareBlocksAsync(answering, common, ct).ConfigureAwait(false);
            }
        }

        if (answering.Count > 0)
        {
            await ReadBalancesAsync(answering[_turn++ % answering.Count], ct).ConfigureAwait(false);
        }

        return statuses;
    }

    private async Task CompareBlocksAsync(IReadOnlyList<string> nodes, ulong height, CancellationToken ct)
    {
        var seen = new List<(string Node, CertifiedBlock Block)>();
        foreach (var node in nodes)
        {
            try
            {
                var answer = await network.Local.Client(node).GetBlockAsync(new GetBlockRequest { Height = height }, deadline: DateTime.UtcNow + callDeadline, cancellationToken: ct).ConfigureAwait(false);
                if (!answer.Found)
                {
                    continue;
                }

                seen.Add((node, _verifier.VerifyCommitted(answer.Evidence ?? new CommitEvidence())));
                book.Pass(CheckNames.Verified);
            }
            catch (EvidenceException e)
            {
                book.Fail(CheckNames.Verified, $"{node} served block {height} with evidence that does not verify: {e.Message}");
            }
            catch (RpcException) when (!ct.IsCancellationRequested)
            {
                // Not answering now (paused, restarting): skipped.
            }
        }

        for (var i = 1; i < seen.Count; i++)
        {
            var (a, b) = (seen[0], seen[i]);
            book.Check(CheckNames.RootsAgree, a.Block.Block?.Id == b.Block.Block?.Id && a.Block.StateRoot == b.Block.StateRoot
                ? null
                : $"at height {height} {a.Node} has block {a.Block.Block?.Id.ToShortHex()} root {a.Block.StateRoot.ToShortHex()}, {b.Node} block {b.Block.Block?.Id.ToShortHex()} root {b.Block.StateRoot.ToShortHex()}");
        }
    }

    private async Task ReadBalancesAsync(string node, CancellationToken ct)
    {
        var client = network.Local.Client(node);
        foreach (var member in network.Members)
        {
            BalanceReading reading;
            try
            {
                reading = await VerifiedReads.BalanceAsync(client, _verifier, member.PublicKey, callDeadline, ct).ConfigureAwait(false);
                book.Pass(CheckNames.Verified);
            }
            catch (EvidenceException e)
            {
                book.Fail(CheckNames.Verified, $"{node} served {member.Name}'s balance with evidence that does not verify: {e.Message}");
                continue;
            }
            catch (RpcException) when (!ct.IsCancellationRequested)
            {
                return;
            }

            var balance = reading.Balance;
            history.RecordBalance(new BalanceObservation(member.PublicKey, balance.Height, balance.Balance, balance.TotalSupply, node));
            book.Check(CheckNames.Supply, balance.TotalSupply == _supply ? null : $"{node}'s state at height {balance.Height} commits to total supply {balance.TotalSupply}, genesis {_supply}");
            book.Check(CheckNames.NoNegative, balance.Balance <= _supply ? null : $"{node} proved {member.Name}'s balance {balance.Balance} at height {balance.Height}, above the whole supply {_supply}");
        }
    }
}
