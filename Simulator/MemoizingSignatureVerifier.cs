using System.Collections.Concurrent;
using Ledger.Consensus.Verification;
using Ledger.Crypto;

namespace Ledger.Simulator;

/// <summary>
/// Real Ed25519 verification whose results are remembered by SHA-256(key || signature || message),
/// so a message verified by one simulated replica is not verified again by the others. Bounded: the
/// memo is cleared when it passes <c>capacity</c> entries (a cost a simulation can pay; the node has
/// its own verifier without that cliff).
/// </summary>
public sealed class MemoizingSignatureVerifier(int capacity = 1_000_000) : ISignatureVerifier
{
    private readonly ConcurrentDictionary<Hash32, bool> _memo = new();
    private long _misses;

    /// <summary>How many verifications actually ran Ed25519.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    public bool Verify(PublicKey key, ReadOnlySpan<byte> message, Signature signature)
    {
        var writer = new CanonicalWriter(PublicKey.Size + Signature.Size + message.Length);
        writer.WriteKey(key).WriteFixed(signature.Span).WriteFixed(message);
        Hash32 memoKey = writer.Hash();
        if (_memo.TryGetValue(memoKey, out bool known))
        {
            return known;
        }

        Interlocked.Increment(ref _misses);
        bool valid = Ed25519.Verify(key, message, signature);
        if (_memo.Count >= capacity)
        {
            _memo.Clear();
        }

        _memo[memoKey] = valid;
        return valid;
    }
}
