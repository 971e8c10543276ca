using Ledger.Consensus.Core;
using Ledger.Consensus.Messages;
using Ledger.Crypto;

namespace Ledger.Simulator;

/// <summary>A recovering replica's question to one peer: its highest signed round, signed over <see cref="Challenge"/>.</summary>
internal sealed record SimSignedRoundAsk(Hash32 Challenge);

/// <summary>A peer's answer to <see cref="SimSignedRoundAsk"/>, with the challenge it answers.</summary>
internal sealed record SimSignedRoundAnswer(Hash32 Challenge, SignedRound Answer);

/// <summary>
/// Recovery of a lost safety record in the simulation: a replica that restarts without one asks
/// every other slot over the simulated network (with its delays and losses), each answers what its
/// core reports - or, for a Byzantine validator listed in <see cref="SimScenario.RecoveryLies"/>,
/// a lie - and the asker hands the answers to its core, as the node's driver does.
/// </summary>
internal sealed partial class Simulator
{
    private const int MaxIssuedChallenges = 64;

    private void AskPeersForSignedRounds(SimNode node)
    {
        // Fresh per ask and deterministic for the seed.
        Hash32 challenge = new CanonicalWriter().WriteU32((uint)node.Slot).WriteU64((ulong)_sequence).WriteU64((ulong)Now).Hash();
        node.IssuedChallenges.Add(challenge);
        if (node.IssuedChallenges.Count > MaxIssuedChallenges)
        {
            node.IssuedChallenges.RemoveAt(0);
        }

        foreach (SimNode peer in _nodes.Where(n => n.Slot != node.Slot))
        {
            SendToSlot(node.Slot, peer.Slot, new SimSignedRoundAsk(challenge));
        }
    }

    private void AnswerSignedRound(SimNode node, int fromSlot, SimSignedRoundAsk ask)
    {
        if (node.Core?.AnswerSignedRound(ask.Challenge) is not { } answer)
        {
            return;
        }

        if (!node.IsHonest && _scenario.RecoveryLies.TryGetValue(node.Validator, out SimRecoveryLie lie))
        {
            if (lie == SimRecoveryLie.Silent)
            {
                return;
            }

            ulong claim = lie == SimRecoveryLie.High ? 1_000_000UL : 0UL;
            answer = SignedRound.Create(ChainId, answer.Epoch, ask.Challenge, claim, answer.HighQc, answer.HighTc, node.Validator, SimKeys.Validator(node.Validator));
            Log($"slot {node.Slot} (v{node.Validator}) answers a recovering replica with the lie 'highest signed round {claim}'");
        }

        SendToSlot(node.Slot, fromSlot, new SimSignedRoundAnswer(ask.Challenge, answer));
    }

    private void OnSignedRoundAnswer(SimNode node, SimSignedRoundAnswer answer)
    {
        // Only answers to this run's own questions: an answer to a challenge from before a restart is stale.
        if (node.IssuedChallenges.Contains(answer.Challenge))
        {
            bool abstaining = node.Core?.IsAbstaining == true;
            Feed(node, new SignedRoundReceived(answer.Answer, answer.Challenge));
            if (abstaining && node.Core is { IsAbstaining: false, Floor: { } floor })
            {
                Log($"slot {node.Slot} (v{node.Validator}) recovered: signs again above round {floor.Round} of epoch {floor.Epoch}");
            }
        }
    }
}
