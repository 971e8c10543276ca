using Google.Protobuf;
using Ledger.Client.Evidence;
using Ledger.Client.Protos;

namespace Ledger.Node.Services;

/// <summary>
/// The client API's answer for a committed transaction. Its transaction proof reaches the state
/// root its block's QC certifies (through the transaction and receipts roots of the state header),
/// so the evidence leaves the block (up to the 4 MB payload cap) out, as a balance's does.
/// </summary>
public static class TransferProofs
{
    public static TransferProof From(CommittedTransaction committed)
    {
        ArgumentNullException.ThrowIfNull(committed);
        return new TransferProof
        {
            Height = committed.Proof.Height,
            Transaction = ByteString.CopyFrom(committed.Transaction.Encoded),
            Evidence = new CommitEvidence
            {
                Height = committed.Proof.Height,
                Certificate = ByteString.CopyFrom(CommitCertificate.Decode(committed.Certificate).WithoutBlock().Encode()),
            },
            ReceiptStatus = committed.Proof.Receipt.Status.ToString(),
            Proof = ByteString.CopyFrom(committed.Proof.ToBytes()),
        };
    }
}
