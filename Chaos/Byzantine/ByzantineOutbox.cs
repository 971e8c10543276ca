using Ledger.Consensus.Codec;
using Ledger.Consensus.Messages;
using Ledger.Node.Network;
using Ledger.Node.Protos.Replica;

namespace Ledger.Chaos.Byzantine;

/// <summary>
/// The outbound consensus path of a Byzantine validator: every proposal, vote and timeout its
/// honest core sends passes through here and leaves with the misbehaviour it was given added
/// (or, withholding, does not leave). Called only from the node's event loop, one message at a
/// time. What it sends is counted by kind (<see cref="Sent"/>) so a run can say what it did.
/// </summary>
internal sealed class ByzantineOutbox(
    IConsensusOutbox inner, IReadOnlyList<string> peers, IReadOnlyList<string> validatorNames, MessageForger forger, Misbehaviour behaviour, Random random, ByzantineLimits limits, TimeProvider time)
    : IConsensusOutbox
{
    private readonly Queue<(MessageKind Kind, byte[] Bytes)> _history = new();
    private readonly Dictionary<string, long> _sent = new(StringComparer.Ordinal);
    private QuorumCertificate? _highQc;
    private ulong _round;
    private long? _lastOversize;

    /// <summary>Messages sent per kind of misbehaviour (honest ones under "honest").</summary>
    public IReadOnlyDictionary<string, long> Sent => _sent;

    public void Send(string validator, MessageKind kind, byte[] message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (kind == MessageKind.Vote)
        {
            var vote = ConsensusCodec.DecodeVote(message);
            _round = Math.Max(_round, vote.Round);
            if (behaviour.HasFlag(Misbehaviour.WithholdVotes))
            {
                Count("withheld");
                return;
            }

            if (behaviour.HasFlag(Misbehaviour.ForgeSignatures))
            {
                foreach (var forged in forger.Forgeries(vote))
                {
                    Emit(validator, MessageKind.Vote, ConsensusCodec.Encode(forged), "forged");
                }
            }

            Emit(validator, kind, message, "honest");
            if (behaviour.HasFlag(Misbehaviour.DoubleVote))
            {
                Emit(validator, MessageKind.Vote, ConsensusCodec.Encode(forger.SecondVote(vote)), "double-vote");
            }
        }
        else
        {
            Emit(validator, kind, message, "honest");
        }

        SideEffects(kind, message);
    }

    public void Broadcast(MessageKind kind, byte[] message)
    {
        ArgumentNullException.ThrowIfNull(message);
        switch (kind)
        {
            case MessageKind.Proposal:
                BroadcastProposal(message);
                break;
            case MessageKind.Timeout:
                var timeout = ConsensusCodec.DecodeTimeout(message);
                Observe(timeout.HighQc, timeout.Round);
                if (behaviour.HasFlag(Misbehaviour.WithholdVotes))
                {
                    Count("withheld");
                    return;
                }

                if (behaviour.HasFlag(Misbehaviour.ForgeSignatures))
                {
                    foreach (var forged in forger.Forgeries(timeout))
                    {
                        EmitAll(MessageKind.Timeout, ConsensusCodec.Encode(forged), "forged");
                    }
                }

                EmitAll(kind, message, "honest");
                if (behaviour.HasFlag(Misbehaviour.DoubleVote) && forger.SecondTimeout(timeout) is { } second)
                {
                    EmitAll(MessageKind.Timeout, ConsensusCodec.Encode(second), "double-vote");
                }

                break;
            default:
                EmitAll(kind, message, "honest");
                break;
        }

        SideEffects(kind, message);
    }

    private void BroadcastProposal(byte[] message)
    {
        // The core's proposals decode with the chain id the forger signs for.
        var proposal = ConsensusCodec.DecodeProposal(message, forger.ChainId);
        Observe(proposal.Block.Justify, proposal.Round);
        if (behaviour.HasFlag(Misbehaviour.Oversize) && (_lastOversize is not { } last || time.GetElapsedTime(last) >= limits.OversizeEvery))
        {
            _lastOversize = time.GetTimestamp();
            EmitAll(MessageKind.Proposal, ConsensusCodec.Encode(forger.Oversize(proposal, limits.OversizePayloadBytes, random)), "oversize");
        }

        if (behaviour.HasFlag(Misbehaviour.ForgeSignatures))
        {
            foreach (var forged in forger.Forgeries(proposal))
            {
                EmitAll(MessageKind.Proposal, ConsensusCodec.Encode(forged), "forged");
            }
        }

        if (!behaviour.HasFlag(Misbehaviour.Equivocate))
        {
            EmitAll(MessageKind.Proposal, message, "honest");
            return;
        }

        // Half the others see the real block first, the other half its twin; then each sees the
        // other one too, so every honest replica holds the evidence.
        var twin = ConsensusCodec.Encode(forger.Twin(proposal));
        for (var i = 0; i < peers.Count; i++)
        {
            var (first, second) = i % 2 == 0 ? (message, twin) : (twin, message);
            Emit(peers[i], MessageKind.Proposal, first, ReferenceEquals(first, message) ? "honest" : "equivocation");
            Emit(peers[i], MessageKind.Proposal, second, ReferenceEquals(second, message) ? "honest" : "equivocation");
        }
    }

    /// <summary>What rides along with every send: replays of old messages, far-future floods, malformed bytes.</summary>
    private void SideEffects(MessageKind kind, byte[] message)
    {
        if (behaviour.HasFlag(Misbehaviour.Replay))
        {
            if (_history.Count > 0)
            {
                var old = _history.ElementAt(random.Next(_history.Count));
                Emit(peers[random.Next(peers.Count)], old.Kind, old.Bytes, "replay");
            }

            _history.Enqueue((kind, message));
            if (_history.Count > limits.ReplayHistory)
            {
                _history.Dequeue();
            }
        }

        if (behaviour.HasFlag(Misbehaviour.FarFutureFlood) && _highQc is { } highQc)
        {
            for (var i = 0; i < limits.FloodPerMessage; i++)
            {
                EmitAll(MessageKind.Timeout, ConsensusCodec.Encode(forger.FarFutureTimeout(_round, highQc, random)), "flood");
                var (vote, to) = forger.FarFutureVote(_round, highQc, time.GetUtcNow().ToUnixTimeMilliseconds(), random);
                if (to != forger.Self)
                {
                    Emit(validatorNames[to], MessageKind.Vote, ConsensusCodec.Encode(vote), "flood");
                }
            }
        }

        if (behaviour.HasFlag(Misbehaviour.Malformed))
        {
            var garbage = new byte[1 + random.Next(limits.MalformedMaxBytes)];
            random.NextBytes(garbage);
            var kinds = new[] { MessageKind.Proposal, MessageKind.Vote, MessageKind.Timeout, MessageKind.Unspecified };
            Emit(peers[random.Next(peers.Count)], kinds[random.Next(kinds.Length)], garbage, "malformed");
            Emit(peers[random.Next(peers.Count)], kind, message[..(message.Length / 2)], "malformed");
        }
    }

    private void Observe(QuorumCertificate qc, ulong round)
    {
        if (_highQc is null || qc.Round > _highQc.Round)
        {
            _highQc = qc;
        }

        _round = Math.Max(_round, round);
    }

    private void EmitAll(MessageKind kind, byte[] message, string what)
    {
        foreach (var peer in peers)
        {
            Emit(peer, kind, message, what);
        }
    }

    private void Emit(string peer, MessageKind kind, byte[] message, string what)
    {
        inner.Send(peer, kind, message);
        Count(what);
    }

    private void Count(string what) => _sent[what] = _sent.GetValueOrDefault(what) + 1;
}
