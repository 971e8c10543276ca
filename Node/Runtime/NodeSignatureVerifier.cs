using Ledger.Consensus.Verification;
using Ledger.Crypto;

namespace Ledger.Node.Runtime;

/// <summary>
/// The node's verifier of consensus signatures: real Ed25519, with a bounded memo of the valid
/// (key, message, signature) triples it checked recently. The core already remembers whole QCs;
/// what still repeats is the signatures a TC shares with the timeouts it was made of (a proposal
/// after a timeout round, the high TC every later timeout carries) and blocks a sync reply brings
/// back. Only valid signatures are remembered, so a peer sending bad ones pays a full check each
/// time and cannot fill the memo with them. The memo is two generations of at most
/// <c>generationSize</c> entries: when the current one is full it becomes the previous and the
/// oldest is dropped, so the memo never exceeds 2 x generationSize and never empties at once.
/// Thread-safe; every answer is reported to <c>observe</c> (the node's metric).
/// </summary>
public sealed class NodeSignatureVerifier : ISignatureVerifier
{
    /// <summary>Rounds of signatures one generation is sized for (see <see cref="GenerationSizeFor"/>).</summary>
    public const int RoundsRemembered = 64;

    private readonly Lock _gate = new();
    private readonly int _generationSize;
    private readonly Action<SignatureCheckOutcome> _observe;
    private HashSet<Hash32> _current = [];
    private HashSet<Hash32> _previous = [];

    public NodeSignatureVerifier(int generationSize, Action<SignatureCheckOutcome> observe)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(generationSize, 1);
        ArgumentNullException.ThrowIfNull(observe);
        _generationSize = generationSize;
        _observe = observe;
    }

    /// <summary>Entries held now (at most twice the generation size).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _current.Count + _previous.Count;
            }
        }
    }

    /// <summary>
    /// A generation holds <see cref="RoundsRemembered"/> rounds of a committee's signatures: per
    /// round a proposal, and a vote and a timeout from every validator.
    /// </summary>
    public static int GenerationSizeFor(int validators) => RoundsRemembered * ((2 * validators) + 1);

    public bool Verify(PublicKey key, ReadOnlySpan<byte> message, Signature signature)
    {
        Hash32 id = new CanonicalWriter(PublicKey.Size + Signature.Size + message.Length)
            .WriteKey(key).WriteFixed(signature.Span).WriteFixed(message).Hash();
        bool remembered;
        lock (_gate)
        {
            remembered = _current.Contains(id);
            if (!remembered && _previous.Contains(id))
            {
                // Still in use: carried into the current generation so it outlives the next turn.
                Remember(id);
                remembered = true;
            }
        }

        if (remembered)
        {
            _observe(SignatureCheckOutcome.Remembered);
            return true;
        }

        bool valid = Ed25519.Verify(key, message, signature);
        if (valid)
        {
            lock (_gate)
            {
                Remember(id);
            }
        }

        _observe(valid ? SignatureCheckOutcome.Verified : SignatureCheckOutcome.Invalid);
        return valid;
    }

    /// <summary>Adds to the current generation, retiring it to previous (dropping the old previous) when full.</summary>
    private void Remember(Hash32 id)
    {
        if (_current.Count >= _generationSize)
        {
            _previous = _current;
            _current = [];
        }

        _current.Add(id);
    }
}
