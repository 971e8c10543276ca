using Ledger.Crypto;
using Ledger.Epochs;
using Ledger.Membership;
using Ledger.State;
using Ledger.Transactions;

namespace Ledger.Execution;

/// <summary>
/// The deterministic state machine: executes a block's transactions on its parent's state and
/// returns the next state version. No clock, no randomness, no dependence on hash-map order:
/// changes are applied to the trees in key order. Stateless and thread-safe; the state
/// versions it reads and returns are immutable.
/// </summary>
public sealed class BlockExecutor
{
    private readonly LedgerRules _rules;
    private readonly IClientSignatureCheck _signatures;

    /// <param name="signatures">How client signatures are checked; <see cref="Ed25519ClientSignatureCheck"/> unless given.</param>
    public BlockExecutor(LedgerRules rules, IClientSignatureCheck? signatures = null)
    {
        _rules = rules ?? throw new ArgumentNullException(nameof(rules));
        _signatures = signatures ?? Ed25519ClientSignatureCheck.Instance;
    }

    public LedgerRules Rules => _rules;

    /// <summary>The client signature check this executor (and admission on the same engine) uses.</summary>
    public IClientSignatureCheck ClientSignatures => _signatures;

    /// <summary>Test seam: rewrites each account after a successful transfer, to prove the conservation check fires.</summary>
    internal Func<Account, Account>? FaultInjection { get; set; }

    /// <summary>
    /// Executes <paramref name="block"/> on <paramref name="parent"/>. A transaction whose id is in
    /// <paramref name="verified"/> skips signature verification (it was verified on admission);
    /// ones verified here are added to it. Throws <see cref="InvalidBlockException"/> for a block no honest proposer makes
    /// and <see cref="ConservationViolationException"/> if execution broke conservation; in both
    /// cases nothing changes.
    /// </summary>
    public ExecutionResult Execute(LedgerState parent, BlockInput block, VerifiedTransactionCache? verified = null)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(block);
        CheckEnvelope(parent, block, verified);

        var context = new BlockContext(parent, block.TimestampMs, block.Transactions.Count);

        // Members are enrolled and revoked by the organisations of the block's epoch (its parent
        // state's roster): a change in this block takes effect from the next block, as it does
        // for the set that signs QCs.
        MembershipAuthority membership = parent.Roster.Membership;
        var receipts = new Receipt[block.Transactions.Count];
        var readAhead = new TransferReadAhead(parent, block.Transactions);
        for (int i = 0; i < receipts.Length; i++)
        {
            Transaction transaction = block.Transactions[i];
            TransferKeys keys = readAhead.KeysFor(i);
            ReceiptStatus status = transaction switch
            {
                Transfer transfer => ApplyTransfer(context, transfer, keys),
                Enroll enroll => ApplyEnroll(context, membership, enroll),
                Revoke revoke => ApplyRevoke(context, membership, revoke),
                ValidatorSetChange change => ApplyValidatorSetChange(context, change),
                _ => throw new InvalidBlockException(block.BlockId, InvalidBlockReason.MalformedPayload, $"unsupported transaction {transaction}"),
            };
            receipts[i] = new Receipt(transaction.Id, status);
        }

        ConservationCheck.Verify(block.BlockId, block.Height, context.TouchedBalances());
        StateChanges changes = context.ToChanges();
        BlockRoots roots = ReceiptRoots.BlockRootsOf(receipts, TransactionRoots.Root(block.Transactions));
        LedgerState next = parent.With(changes, block.Height, block.TimestampMs, roots);
        if (next.TotalSupply != parent.TotalSupply)
        {
            throw new ConservationViolationException(block.BlockId, block.Height, $"total supply changed from {parent.TotalSupply} to {next.TotalSupply}", []);
        }

        return new ExecutionResult(block, next, receipts, changes);
    }

    private void CheckEnvelope(LedgerState parent, BlockInput block, VerifiedTransactionCache? verified)
    {
        if (block.Height != parent.Height + 1)
        {
            throw new InvalidBlockException(block.BlockId, InvalidBlockReason.HeightNotParentPlusOne, $"height {block.Height} on a parent at height {parent.Height}");
        }

        // Pruning the seen-set is only safe if time never runs backwards between blocks.
        if (block.TimestampMs < parent.TimestampMs)
        {
            throw new InvalidBlockException(block.BlockId, InvalidBlockReason.TimestampBeforeParent, $"timestamp {block.TimestampMs} is before the parent's {parent.TimestampMs}");
        }

        if (block.Transactions.Count > _rules.Limits.MaxTransactions)
        {
            throw new InvalidBlockException(block.BlockId, InvalidBlockReason.TooManyTransactions, $"{block.Transactions.Count} transactions, the limit is {_rules.Limits.MaxTransactions}");
        }

        var pending = new List<int>();
        for (int i = 0; i < block.Transactions.Count; i++)
        {
            Transaction transaction = block.Transactions[i];
            if (!string.Equals(transaction.ChainId, _rules.ChainId, StringComparison.Ordinal))
            {
                throw new InvalidBlockException(block.BlockId, InvalidBlockReason.WrongChainId, $"transaction {i} ({transaction.Id.ToShortHex()}) is for chain '{transaction.ChainId}', not '{_rules.ChainId}'");
            }

            if (transaction.EncodedLength > _rules.Limits.MaxTransactionBytes)
            {
                throw new InvalidBlockException(block.BlockId, InvalidBlockReason.MalformedPayload, $"transaction {i} ({transaction.Id.ToShortHex()}) is {transaction.EncodedLength} bytes, the limit is {_rules.Limits.MaxTransactionBytes}");
            }

            if (verified is null || !verified.Contains(transaction.Id))
            {
                pending.Add(i);
            }
        }

        int invalid = _signatures.FirstInvalid(block.Transactions, pending);
        if (invalid >= 0)
        {
            Transaction transaction = block.Transactions[invalid];
            throw new InvalidBlockException(block.BlockId, InvalidBlockReason.BadSignature, $"transaction {invalid} ({transaction.Id.ToShortHex()}) has an invalid signature");
        }

        if (verified is not null)
        {
            foreach (int i in pending)
            {
                verified.Add(block.Transactions[i].Id);
            }
        }
    }

    private ReceiptStatus ApplyTransfer(BlockContext context, Transfer transfer, TransferKeys keys)
    {
        Hash32 fromKey = keys.From;
        Hash32 toKey = keys.To;
        Account? sender = context.TryGetAccount(fromKey, out Account s) ? s : null;
        Account? recipient = context.TryGetAccount(toKey, out Account r) ? r : null;
        Hash32 seenKey = keys.Seen;
        ReceiptStatus status = TransferRules.Check(transfer, context.TimestampMs, _rules, sender, recipient, context.HasSeen(seenKey));
        if (status != ReceiptStatus.Success)
        {
            return status;
        }

        // Read-modify-write one account at a time, so a self-transfer debits and re-credits the same balance.
        Account debited = s with { Balance = checked(s.Balance - transfer.Amount) };
        context.SetAccount(fromKey, debited);
        context.TryGetAccount(toKey, out Account current);
        Account credited = current with { Balance = checked(current.Balance + transfer.Amount) };
        if (FaultInjection is { } fault)
        {
            credited = fault(credited);
        }

        context.SetAccount(toKey, credited);
        context.AddSeen(new SeenEntry(TransferRules.ExpiryOf(transfer.TimestampMs, _rules), seenKey));
        return ReceiptStatus.Success;
    }

    private static ReceiptStatus ApplyEnroll(BlockContext context, MembershipAuthority membership, Enroll enroll)
    {
        EnrollmentDecision decision = membership.JudgeCertificate(enroll.CertificateDer, enroll.MemberKey, context.TimestampMs);
        if (decision.Status != ReceiptStatus.Success)
        {
            return decision.Status;
        }

        if (context.IsCertificateRevoked(decision.CertificateId))
        {
            return ReceiptStatus.CertificateRevoked;
        }

        Hash32 key = Account.TreeKey(enroll.MemberKey);
        if (context.TryGetAccount(key, out _))
        {
            return ReceiptStatus.AlreadyEnrolled;
        }

        context.SetAccount(key, new Account(enroll.MemberKey, 0, AccountStatus.Active, decision.CertificateId));
        context.SetCertificate(decision.CertificateId, new CertificateRecord(enroll.MemberKey, false));
        return ReceiptStatus.Success;
    }

    // At most one change per block takes effect: a second one targets the epoch the first began, so it is stale.
    private ReceiptStatus ApplyValidatorSetChange(BlockContext context, ValidatorSetChange change)
    {
        ValidatorSetChangeDecision decision = ValidatorSetChangeRules.Judge(change, context.Epoch, context.Roster, context.IsCertificateRevoked, context.TimestampMs, _rules);
        if (!decision.Succeeded)
        {
            return decision.Status;
        }

        context.BeginEpoch(new EpochChange(change.TargetEpoch, decision.Roster!));
        return ReceiptStatus.Success;
    }

    private static ReceiptStatus ApplyRevoke(BlockContext context, MembershipAuthority membership, Revoke revoke)
    {
        RevocationDecision decision = membership.JudgeRevocation(revoke, context.TimestampMs);
        if (decision.Status != ReceiptStatus.Success)
        {
            return decision.Status;
        }

        foreach (Hash32 certificateId in decision.RevokedCertificateIds)
        {
            CertificateRecord record = context.TryGetCertificate(certificateId, out CertificateRecord existing) ? existing : default;
            context.SetCertificate(certificateId, record with { Revoked = true });
            if (!record.Account.IsZero)
            {
                Hash32 accountKey = Account.TreeKey(record.Account);
                if (context.TryGetAccount(accountKey, out Account account) && account.CertificateId == certificateId)
                {
                    context.SetAccount(accountKey, account with { Status = AccountStatus.Revoked });
                }
            }
        }

        return ReceiptStatus.Success;
    }
}
