using Ledger.Crypto;
using Ledger.Transactions;

namespace Ledger.Client.Requests;

/// <summary>
/// The nonce of a request's transfer, derived from the sender's key and the request id so that
/// even a wallet that lost its journal signs the same (sender, nonce) again, which the ledger's
/// replay guard refuses while the first one's seen entry lives:
/// nonce = first 16 bytes of SHA-256(Ed25519 signature by the sender over
/// string "LEDGER/v1/RequestNonce" || string chain_id || string request_id). Ed25519 signatures are
/// deterministic (RFC 8032), so the same key always derives the same nonce, and only the key
/// holder can compute it. The signature itself is never sent; its domain tag makes it useless as
/// any other message.
/// </summary>
public static class RequestNonce
{
    public static TransferNonce Derive(SigningKey sender, string chainId, RequestId requestId)
    {
        ArgumentNullException.ThrowIfNull(sender);
        return FromSignature(sender.Sign(SigningBytes(chainId, requestId)));
    }

    /// <summary>The bytes the sender signs to derive the nonce.</summary>
    public static byte[] SigningBytes(string chainId, RequestId requestId) =>
        CanonicalWriter.ForSigning(DomainTags.RequestNonce, chainId).WriteString(requestId.Value).ToArray();

    private static TransferNonce FromSignature(Signature signature) =>
        TransferNonce.FromBytes(Hash32.Sha256(signature.Span).ToArray().AsSpan(0, TransferNonce.Size));
}
