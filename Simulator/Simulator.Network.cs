using Ledger.Consensus.Codec;
using Ledger.Consensus.Messages;
using Ledger.Crypto;

namespace Ledger.Simulator;

/// <summary>The simulated network: delays, loss, duplicates, partitions, GST, and the wire format.</summary>
internal sealed partial class Simulator
{
    /// <summary>Every simulated message crosses the network as its canonical wire bytes, as between real nodes.</summary>
    private static (byte Kind, byte[] Bytes) Encode(object message) => message switch
    {
        Proposal p => (1, ConsensusCodec.Encode(p)),
        Vote v => (2, ConsensusCodec.Encode(v)),
        RoundTimeout t => (3, ConsensusCodec.Encode(t)),
        SyncRequest r => (4, ConsensusCodec.Encode(r)),
        SyncResponse r => (5, ConsensusCodec.Encode(r)),
        SimSignedRoundAsk a => (6, a.Challenge.ToArray()),
        SimSignedRoundAnswer a => (7, [.. a.Challenge.ToArray(), .. ConsensusCodec.Encode(a.Answer)]),
        _ => throw new InvalidOperationException($"unexpected simulated message {message.GetType().Name}"),
    };

    private static object Decode((byte Kind, byte[] Bytes) wire) => wire.Kind switch
    {
        1 => ConsensusCodec.DecodeProposal(wire.Bytes, ChainId),
        2 => ConsensusCodec.DecodeVote(wire.Bytes),
        3 => ConsensusCodec.DecodeTimeout(wire.Bytes),
        4 => ConsensusCodec.DecodeSyncRequest(wire.Bytes),
        6 => new SimSignedRoundAsk(new Hash32(wire.Bytes)),
        7 => new SimSignedRoundAnswer(new Hash32(wire.Bytes.AsSpan(0, Hash32.Size)), ConsensusCodec.DecodeSignedRound(wire.Bytes.AsSpan(Hash32.Size))),
        _ => ConsensusCodec.DecodeSyncResponse(wire.Bytes, ChainId),
    };

    /// <summary>The round a message belongs to, for per-round partitions; sync messages take the sender's round.</summary>
    private ulong RoundOf(int fromSlot, object message) => message switch
    {
        Proposal p => p.Block.Round,
        Vote v => v.Round,
        RoundTimeout t => t.Round,
        _ => _nodes[fromSlot].Core?.CurrentRound ?? 0,
    };

    /// <summary>Sends to every slot of a validator (both twins), subject to the network.</summary>
    internal void SendToValidator(int fromSlot, int validator, object message, long extraDelayMs = 0)
    {
        foreach (SimNode target in _nodes)
        {
            if (target.Validator == validator)
            {
                SendToSlot(fromSlot, target.Slot, message, extraDelayMs);
            }
        }
    }

    /// <summary>Sends to every slot of every other validator.</summary>
    internal void Broadcast(int fromSlot, object message)
    {
        int self = _nodes[fromSlot].Validator;
        foreach (SimNode target in _nodes)
        {
            if (target.Validator != self)
            {
                SendToSlot(fromSlot, target.Slot, message);
            }
        }
    }

    /// <summary>Delays messages from a validator's slots for a while, never past GST (the adversary's network power).</summary>
    internal void HoldBackBeforeGst(int validator, long forMs)
    {
        foreach (SimNode node in _nodes.Where(n => n.Validator == validator))
        {
            _heldBackUntil[node.Slot] = Math.Min(_scenario.GstMs, Now + forMs);
        }
    }

    internal void SendToSlot(int fromSlot, int toSlot, object message, long extraDelayMs = 0)
    {
        if (_heldBackUntil.TryGetValue(fromSlot, out long until) && until > Now)
        {
            extraDelayMs += until - Now;
        }

        bool beforeGst = Now < _scenario.GstMs;
        if (_scenario.Partitions.Any(p => p.Separates(fromSlot, toSlot, Now)))
        {
            return;
        }

        if (beforeGst && _scenario.RoundPartitions.Count > 0
            && _scenario.RoundPartitions.TryGetValue(RoundOf(fromSlot, message), out SimRoundPartition? round) && round.Drops(fromSlot, toSlot))
        {
            return;
        }

        if (beforeGst && _rng.NextDouble() < _scenario.DropProbability)
        {
            return;
        }

        int copies = _rng.NextDouble() < _scenario.DuplicateProbability ? 2 : 1;
        for (int i = 0; i < copies; i++)
        {
            // Before GST one message in ten takes the long tail, up to five times the usual maximum.
            int maxDelay = beforeGst ? _scenario.MaxDelayBeforeGstMs * (_rng.Next(10) == 0 ? 5 : 1) : _scenario.MaxDelayAfterGstMs;
            long delay = 1 + _rng.Next(maxDelay);
            Schedule(Now + delay + extraDelayMs, new SimEvent(SimEventKind.Deliver, toSlot) { Wire = Encode(message), FromSlot = fromSlot });
        }
    }
}
