using Ledger.Crypto;
using Ledger.Epochs;

namespace Ledger.Transactions;

/// <summary>
/// Changes the validator roster: one or more operations applied in order, taking effect as epoch
/// <see cref="TargetEpoch"/> (the current epoch + 1, so a change applies once and a stale one
/// fails), approved by organisation admins (docs/PROTOCOL.md, "ValidatorSetChange"). It carries no
/// submitter signature: the approvals are its authority, judged by execution against the roster
/// in force, so anyone holding the approved change may submit it.
/// </summary>
public sealed class ValidatorSetChange : Transaction
{
    public const int MaxOperations = 16;

    public const int MaxApprovals = 64;

    private ValidatorSetChange(string chainId, ulong targetEpoch, IReadOnlyList<ValidatorSetOperation> operations, IReadOnlyList<AdminApproval> approvals)
        : base(chainId, Encode(chainId, targetEpoch, operations, approvals))
    {
        TargetEpoch = targetEpoch;
        Operations = operations;
        Approvals = approvals;
    }

    public override TransactionKind Kind => TransactionKind.ValidatorSetChange;

    /// <summary>The epoch the change begins: the epoch of the state it applies to, plus one.</summary>
    public ulong TargetEpoch { get; }

    public IReadOnlyList<ValidatorSetOperation> Operations { get; }

    public IReadOnlyList<AdminApproval> Approvals { get; }

    /// <summary>A change with its approvals (none yet, typically; admins add theirs with <see cref="WithApproval"/>).</summary>
    public static ValidatorSetChange Create(string chainId, ulong targetEpoch, IEnumerable<ValidatorSetOperation> operations, IEnumerable<AdminApproval>? approvals = null)
    {
        ArgumentNullException.ThrowIfNull(operations);
        return new ValidatorSetChange(chainId, targetEpoch, [.. operations], [.. approvals ?? []]);
    }

    /// <summary>The same change with one more approval.</summary>
    public ValidatorSetChange WithApproval(AdminApproval approval)
    {
        ArgumentNullException.ThrowIfNull(approval);
        return new ValidatorSetChange(ChainId, TargetEpoch, Operations, [.. Approvals, approval]);
    }

    /// <summary>An admin's approval: its key signs <see cref="SigningBytes"/>; <paramref name="adminCertificateDer"/> binds that key.</summary>
    public AdminApproval Approve(SigningKey adminKey, byte[] adminCertificateDer)
    {
        ArgumentNullException.ThrowIfNull(adminKey);
        ArgumentNullException.ThrowIfNull(adminCertificateDer);
        return new AdminApproval(adminCertificateDer, adminKey.Sign(SigningBytes()));
    }

    /// <summary>What admins sign: string "LEDGER/v1/ValidatorSetChange" || string chain_id || u64 target_epoch || u32 n || n x operation.</summary>
    public byte[] SigningBytes() => SigningBytesOf(ChainId, TargetEpoch, Operations);

    /// <summary>No submitter signature; the approvals are judged in execution.</summary>
    public override bool VerifySignature() => true;

    public static byte[] SigningBytesOf(string chainId, ulong targetEpoch, IReadOnlyList<ValidatorSetOperation> operations)
    {
        CheckChainId(chainId);
        ArgumentNullException.ThrowIfNull(operations);
        CanonicalWriter writer = CanonicalWriter.ForSigning(DomainTags.ValidatorSetChange, chainId).WriteU64(targetEpoch);
        WriteOperations(writer, operations);
        return writer.ToArray();
    }

    private static void WriteOperations(CanonicalWriter writer, IReadOnlyList<ValidatorSetOperation> operations)
    {
        writer.WriteU32((uint)operations.Count);
        foreach (ValidatorSetOperation operation in operations)
        {
            operation.WriteTo(writer);
        }
    }

    private static byte[] Encode(string chainId, ulong targetEpoch, IReadOnlyList<ValidatorSetOperation> operations, IReadOnlyList<AdminApproval> approvals)
    {
        CheckChainId(chainId);
        if (operations.Count == 0 || operations.Count > MaxOperations)
        {
            throw new ArgumentException($"a validator-set change has 1 to {MaxOperations} operations", nameof(operations));
        }

        if (approvals.Count > MaxApprovals)
        {
            throw new ArgumentException($"a validator-set change carries at most {MaxApprovals} approvals", nameof(approvals));
        }

        var writer = new CanonicalWriter(4096).WriteU8((byte)TransactionKind.ValidatorSetChange).WriteString(chainId).WriteU64(targetEpoch);
        WriteOperations(writer, operations);
        writer.WriteU32((uint)approvals.Count);
        foreach (AdminApproval approval in approvals)
        {
            ArgumentNullException.ThrowIfNull(approval);
            if (approval.CertificateDer is null || approval.CertificateDer.Length == 0 || approval.CertificateDer.Length > ValidatorRoster.MaxCertificateBytes)
            {
                throw new ArgumentException($"an admin certificate is 1 to {ValidatorRoster.MaxCertificateBytes} bytes", nameof(approvals));
            }

            writer.WriteBytes(approval.CertificateDer).WriteFixed(approval.Signature.Span);
        }

        return writer.ToArray();
    }

    internal static ValidatorSetChange ReadBody(ref CanonicalReader reader)
    {
        string chainId = reader.ReadString(MaxChainIdBytes);
        ulong targetEpoch = reader.ReadU64();
        uint operationCount = reader.ReadU32();
        if (operationCount == 0 || operationCount > MaxOperations)
        {
            throw new FormatException($"a validator-set change has 1 to {MaxOperations} operations, not {operationCount}");
        }

        var operations = new ValidatorSetOperation[operationCount];
        for (int i = 0; i < operations.Length; i++)
        {
            operations[i] = ValidatorSetOperation.ReadFrom(ref reader);
        }

        uint approvalCount = reader.ReadU32();
        if (approvalCount > MaxApprovals)
        {
            throw new FormatException($"a validator-set change carries at most {MaxApprovals} approvals, not {approvalCount}");
        }

        var approvals = new AdminApproval[approvalCount];
        for (int i = 0; i < approvals.Length; i++)
        {
            approvals[i] = new AdminApproval(reader.ReadBytes(ValidatorRoster.MaxCertificateBytes), new Signature(reader.ReadFixed(Signature.Size)));
        }

        return new ValidatorSetChange(chainId, targetEpoch, operations, approvals);
    }
}
