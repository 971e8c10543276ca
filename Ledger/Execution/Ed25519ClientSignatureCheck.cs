using Ledger.Crypto;
using Ledger.Transactions;

namespace Ledger.Execution;

/// <summary>
/// The client signature check of every ordinary node: Ed25519 over the transaction's signing
/// bytes: one transaction at a time for admission (whose batches the node spreads over its
/// verifier threads), <see cref="BlockSignatures"/> for a block's transactions not verified on admission.
/// </summary>
public sealed class Ed25519ClientSignatureCheck : IClientSignatureCheck
{
    public static readonly Ed25519ClientSignatureCheck Instance = new();

    private Ed25519ClientSignatureCheck()
    {
    }

    public bool Verify(Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var item = ToVerification(transaction);
        return item.Signature is not null && Ed25519.Verify(item.Key, item.Message.Span, item.Signature);
    }

    public int FirstInvalid(IReadOnlyList<Transaction> transactions, IReadOnlyList<int> pending) =>
        BlockSignatures.FirstInvalid(transactions, pending);

    private static VerificationItem ToVerification(Transaction transaction) => transaction switch
    {
        Transfer t => new VerificationItem(t.From, t.SigningBytes(), t.Signature),
        Enroll e => new VerificationItem(e.MemberKey, e.SigningBytes(), e.Signature),
        _ => throw new InvalidOperationException($"{transaction.Kind} carries no client signature to verify"),
    };
}
