using Ledger.Crypto;

namespace Ledger.Transactions;

/// <summary>
/// A ledger transaction. Its canonical encoding (docs/PROTOCOL.md, "Ledger") is fixed at
/// construction and its id is SHA-256 of that encoding, signature included, so two copies with
/// different signatures are different transactions. Classes rather than records: a record's
/// <c>with</c> would copy the cached encoding and id and make them stale.
/// </summary>
public abstract class Transaction : IEquatable<Transaction>
{
    /// <summary>Chain ids are short names; the limit keeps a hostile length prefix cheap to refuse.</summary>
    public const int MaxChainIdBytes = 128;

    private readonly byte[] _encoded;

    protected Transaction(string chainId, byte[] encoded)
    {
        ChainId = chainId;
        _encoded = encoded;
        Id = Hash32.Sha256(encoded);
    }

    public abstract TransactionKind Kind { get; }

    public string ChainId { get; }

    /// <summary>SHA-256 of <see cref="Encoded"/>.</summary>
    public Hash32 Id { get; }

    /// <summary>The canonical bytes: what a payload carries and what the id hashes.</summary>
    public ReadOnlySpan<byte> Encoded => _encoded;

    public int EncodedLength => _encoded.Length;

    /// <summary>
    /// Checks the submitter's Ed25519 signature: the sender of a transfer, the enrolling member's
    /// proof of possession. A revocation carries none of its own: its CRL is signed by an
    /// organisation CA, which execution judges against the genesis CAs.
    /// </summary>
    public abstract bool VerifySignature();

    protected static void CheckChainId(string chainId)
    {
        ArgumentNullException.ThrowIfNull(chainId);
        if (chainId.Length == 0 || System.Text.Encoding.UTF8.GetByteCount(chainId) > MaxChainIdBytes)
        {
            throw new ArgumentException($"a chain id is 1 to {MaxChainIdBytes} UTF-8 bytes", nameof(chainId));
        }
    }

    public bool Equals(Transaction? other) => other is not null && Id == other.Id;

    public override bool Equals(object? obj) => Equals(obj as Transaction);

    public override int GetHashCode() => Id.GetHashCode();

    public override string ToString() => $"{Kind} {Id.ToShortHex()}";
}
