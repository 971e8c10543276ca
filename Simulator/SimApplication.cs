using Ledger.Consensus.Core;
using Ledger.Crypto;

namespace Ledger.Simulator;

/// <summary>
/// The simulated application: a payload starting with 0xFF is invalid; otherwise the state root is
/// SHA-256(parent state root || payload hash), so every honest replica computes the same state.
/// </summary>
internal static class SimApplication
{
    public const byte InvalidMarker = 0xFF;

    public static bool IsValid(ReadOnlySpan<byte> payload) => payload.Length > 0 && payload[0] != InvalidMarker;

    public static ConsensusInput Execute(ExecuteBlock request, bool acceptInvalid)
    {
        if (!acceptInvalid && !IsValid(request.Block.Payload))
        {
            return new BlockRejected(request.Block.Id, "payload marked invalid");
        }

        return new BlockExecuted(request.Block.Id, new CanonicalWriter().WriteHash(request.ParentStateRoot).WriteHash(request.Block.PayloadHash).Hash());
    }

    public static byte[] Payload(int slot, ulong round, int counter, bool invalid)
    {
        var writer = new CanonicalWriter(16);
        writer.WriteU8(invalid ? InvalidMarker : (byte)1).WriteU32((uint)slot).WriteU64(round).WriteU32((uint)counter);
        return writer.ToArray();
    }
}
