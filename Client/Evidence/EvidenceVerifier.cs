using Ledger.Addresses;
using Ledger.Consensus;
using Ledger.Consensus.Messages;
using Ledger.Consensus.Verification;
using QcChainCheck = Ledger.Consensus.Verification.CommitEvidence;
using CommitEvidence = Ledger.Client.Protos.CommitEvidence;
using Ledger.Crypto;
using Ledger.Execution;
using Ledger.Genesis;
using Ledger.Membership;
using Ledger.Client.Protos;
using Ledger.State;
using Ledger.Transactions;

namespace Ledger.Client.Evidence;

/// <summary>
/// Checks a node's answers with genesis alone, trusting nothing the node says: a block is final
/// when its QC chain verifies against the validator keys of the block's epoch (block QC, then
/// descendants' QCs, the last two in consecutive rounds): genesis's in epoch 0, a later epoch's
/// only once the chain of epoch-change proofs from genesis proves it (<see cref="Epochs"/>;
/// evidence of an unproven epoch is an <see cref="UnprovenEpochException"/>, never verified); a balance when its state proof reaches the state
/// root that QC certifies; a transfer and its outcome when its transaction proof does (the
/// receipt's audit paths reach the transaction and receipts roots of a state header that hashes
/// to that root); a block's timestamp when it lies within genesis's window around the clocks its
/// QC's signers reported (BFT time). None needs the block: the QCs name it. Every failure throws
/// <see cref="EvidenceException"/> saying what did not hold.
/// </summary>
public sealed class EvidenceVerifier
{
    private readonly GenesisDocument _genesis;
    private readonly Hash32 _genesisRoot;
    private readonly PayloadLimits _limits;
    private readonly BlockTimeWindow _timeWindow;
    private readonly AddressCodec _addresses;

    public EvidenceVerifier(GenesisDocument genesis)
    {
        _genesis = genesis ?? throw new ArgumentNullException(nameof(genesis));
        _genesisRoot = GenesisState.Build(genesis, MembershipAuthority.FromGenesis(genesis)).Root;
        var validators = new ValidatorSet(genesis.Validators.Select(v => PublicKey.FromHex(v.PublicKey)));
        _limits = LedgerRules.From(genesis).Limits;
        _timeWindow = new BlockTimeWindow(genesis.Consensus.BlockTimeAheadMs, genesis.Consensus.BlockTimeBehindMs);
        Epochs = new ProvenEpochs(genesis.ChainId, validators, QuorumCertificate.Genesis(genesis.ChainId, _genesisRoot), _timeWindow);
        _addresses = AddressCodec.ForChain(genesis.ChainId);
    }

    public Hash32 GenesisStateRoot => _genesisRoot;

    /// <summary>The validator sets proven from genesis so far (epoch 0 always); add more with <see cref="AcceptEpochProofs"/>.</summary>
    public ProvenEpochs Epochs { get; }

    /// <summary>
    /// Checks epoch-change proofs in order, each against the set of the epoch before it, and
    /// keeps the sets they prove (<see cref="ProvenEpochs.Accept"/>); the first refused proof
    /// throws an <see cref="EpochProofException"/> and the sets proven before it stay.
    /// </summary>
    public void AcceptEpochProofs(IEnumerable<EpochChangeProof> proofs)
    {
        ArgumentNullException.ThrowIfNull(proofs);
        foreach (EpochChangeProof proof in proofs)
        {
            Epochs.Accept(proof);
        }
    }

    /// <summary>
    /// The transactions of a certified block (as GetBlock carries it, with the block): its payload
    /// hashes into the block id its QC chain certifies, so these are exactly what committed.
    /// </summary>
    public IReadOnlyList<Transaction> TransactionsOf(CertifiedBlock certified)
    {
        ArgumentNullException.ThrowIfNull(certified);
        var block = certified.Block ?? throw new EvidenceException($"the evidence for height {certified.Height} leaves the block out");
        try
        {
            return PayloadCodec.Decode(block.Payload, _limits);
        }
        catch (FormatException ex)
        {
            throw new EvidenceException($"the payload of certified block {certified.Height} is malformed: {ex.Message}");
        }
    }

    /// <summary>The account's address on this chain.</summary>
    public string AddressOf(PublicKey account) => _addresses.Encode(account);

    /// <summary>The certified block and the state root its QC signs; height 0 is genesis itself.</summary>
    public CertifiedBlock VerifyCommitted(CommitEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        if (evidence.Height == 0)
        {
            return new CertifiedBlock(0, null, _genesisRoot, 0);
        }

        CommitCertificate certificate;
        Block? block;
        IReadOnlyList<QuorumCertificate> chain;
        try
        {
            certificate = CommitCertificate.Decode(evidence.Certificate.Span);
            block = certificate.HasBlock ? certificate.DecodeBlock(_genesis.ChainId) : null;
            chain = certificate.DecodeChain();
        }
        catch (FormatException ex)
        {
            throw new EvidenceException($"commit evidence for height {evidence.Height} is malformed: {ex.Message}");
        }

        // Without the block (a balance's or a transfer's evidence), the first QC names the block
        // and its height; with it, the block id is recomputed from the block and must be the one
        // that QC certifies.
        Hash32 blockId = block?.Id ?? chain[0].BlockId;
        ulong height = block?.Height ?? chain[0].Height;
        if (height != evidence.Height)
        {
            throw new EvidenceException($"the evidence is for height {height}, not {evidence.Height}");
        }

        // The set that must have signed is the one of the block's epoch (its QCs name it); an
        // epoch not proven from genesis is not verified at all.
        ulong epoch = chain[0].Data.Epoch;
        MessageVerifier verifier = Epochs.VerifierOf(epoch)
            ?? throw new UnprovenEpochException(epoch, Epochs.Highest, $"the evidence for block {blockId.ToShortHex()} at height {height}");
        if (QcChainCheck.Verify(blockId, chain, verifier) is { } error)
        {
            throw new EvidenceException($"block {blockId.ToShortHex()} at height {height} is not proven committed: {error}");
        }

        // BFT time: the block's timestamp must lie within genesis's window around the clocks its QC's signers reported.
        if (block is not null && _timeWindow.CheckCertified(block, chain[0]) is { } timeError)
        {
            throw new EvidenceException($"block {blockId.ToShortHex()} at height {height}: {timeError}");
        }

        return new CertifiedBlock(height, block, chain[0].Data.StateRoot, chain[0].Signatures.Count) { Qc = chain[0] };
    }

    /// <summary>
    /// BFT time for a block time read from a certified state header (a balance's or a transfer's
    /// evidence leaves the block out): the header's root is what the QC signs, and its timestamp
    /// must lie within genesis's window around the QC's signer clocks, as the block's own must.
    /// </summary>
    private void CheckHeaderTime(long timestampMs, CertifiedBlock certified)
    {
        if (certified.Qc is { } qc && _timeWindow.CheckTimestamp(timestampMs, qc) is { } error)
        {
            throw new EvidenceException($"the certified state header of block {certified.Height} {error}");
        }
    }

    /// <summary>The verified balance of <paramref name="account"/> (zero with a verified absence proof).</summary>
    public VerifiedBalance VerifyAccount(GetAccountResponse response, PublicKey account)
    {
        ArgumentNullException.ThrowIfNull(response);
        var certified = VerifyCommitted(response.Evidence ?? new CommitEvidence());
        BalanceProof proof;
        try
        {
            proof = BalanceProof.FromBytes(response.StateProof.Span);
        }
        catch (FormatException ex)
        {
            throw new EvidenceException($"state proof is malformed: {ex.Message}");
        }

        if (proof.Key != account)
        {
            throw new EvidenceException($"the state proof is for {proof.Key.ToShortHex()}, not {account.ToShortHex()}");
        }

        if (!proof.Verify(certified.StateRoot))
        {
            throw new EvidenceException($"the state proof does not match the certified state root {certified.StateRoot.ToShortHex()} at height {certified.Height}");
        }

        if (proof.Balance != response.Balance || (proof.Account is not null) != response.Exists)
        {
            throw new EvidenceException($"the node said balance {response.Balance} but its proof shows {proof.Balance}");
        }

        CheckHeaderTime(proof.TimestampMs, certified);
        return new VerifiedBalance(account, proof.Balance, proof.Account is not null, certified.Height, certified.StateRoot, proof.TotalSupply, proof.TimestampMs,
            _addresses.Encode(account), proof.Account?.Status, proof.Header);
    }

    /// <summary>
    /// The verified committed transfer and its receipt status: the transaction proof must reach
    /// the state root the evidence certifies, name <paramref name="transactionId"/>, and prove the
    /// status the node reported.
    /// </summary>
    public VerifiedTransfer VerifyTransfer(TransferProof proof, Hash32 transactionId)
    {
        ArgumentNullException.ThrowIfNull(proof);
        var certified = VerifyCommitted(proof.Evidence ?? new CommitEvidence());
        if (certified.Height == 0 || certified.Height != proof.Height)
        {
            throw new EvidenceException($"the transfer's evidence does not certify block {proof.Height}");
        }

        Transaction transaction;
        TransactionProof outcome;
        try
        {
            transaction = TransactionCodec.Decode(proof.Transaction.Span, _limits.MaxTransactionBytes);
            outcome = TransactionProof.FromBytes(proof.Proof.Span);
        }
        catch (FormatException ex)
        {
            throw new EvidenceException($"the transaction or its proof is malformed: {ex.Message}");
        }

        if (transaction.Id != transactionId || outcome.TransactionId != transactionId)
        {
            throw new EvidenceException($"the node returned transaction {transaction.Id.ToShortHex()} with the receipt of {outcome.TransactionId.ToShortHex()}, not {transactionId.ToShortHex()}");
        }

        if (outcome.Height != certified.Height)
        {
            throw new EvidenceException($"the transaction proof is for height {outcome.Height}, the evidence certifies height {certified.Height}");
        }

        if (outcome.Header.Root != certified.StateRoot)
        {
            throw new EvidenceException($"the transaction proof's state header does not hash to the certified state root {certified.StateRoot.ToShortHex()} at height {certified.Height}");
        }

        if (!outcome.Verify(certified.StateRoot))
        {
            throw new EvidenceException($"the receipt ({outcome.Receipt.Status}) of transaction {transactionId.ToShortHex()} is not leaf {outcome.Index} of the certified transaction and receipts roots of block {certified.Height}");
        }

        if (!string.Equals(proof.ReceiptStatus, outcome.Receipt.Status.ToString(), StringComparison.Ordinal))
        {
            throw new EvidenceException($"the node said receipt {proof.ReceiptStatus} but its proof shows {outcome.Receipt.Status}");
        }

        CheckHeaderTime(outcome.Header.TimestampMs, certified);
        var transfer = transaction as Transfer;
        return new VerifiedTransfer(transaction, certified.Height, outcome.Receipt.Status, certified.StateRoot, outcome.Header.TimestampMs,
            transfer is null ? null : _addresses.Encode(transfer.From), transfer is null ? null : _addresses.Encode(transfer.To));
    }

    /// <summary>
    /// A history page asked for with cursor (<paramref name="beforeHeight"/>,
    /// <paramref name="beforeIndex"/>) and <paramref name="limit"/> (0: the node's page size):
    /// each entry must verify as <see cref="VerifyTransfer"/> does, be a transfer that
    /// <paramref name="account"/> sent or received, lie strictly before the cursor and strictly
    /// after the next entry; at most <paramref name="limit"/> entries; and the next cursor must
    /// not lie above the last entry nor at or above the cursor asked for (else paging would
    /// repeat entries or never end). Completeness cannot be checked.
    /// </summary>
    public VerifiedHistoryPage VerifyHistory(GetAccountHistoryResponse response, PublicKey account, ulong beforeHeight, uint beforeIndex, uint limit)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (limit > 0 && response.Entries.Count > limit)
        {
            throw new EvidenceException($"the node returned {response.Entries.Count} history entries for a limit of {limit}");
        }

        // Positions compared as (height, index); no cursor (height 0) is above every position.
        (ulong Height, ulong Index) bound = beforeHeight == 0 ? (ulong.MaxValue, ulong.MaxValue) : (beforeHeight, beforeIndex);
        var entries = new List<VerifiedTransfer>(response.Entries.Count);
        foreach (var entry in response.Entries)
        {
            Transaction transaction;
            TransactionProof outcome;
            try
            {
                transaction = TransactionCodec.Decode(entry.Transaction.Span, _limits.MaxTransactionBytes);
                outcome = TransactionProof.FromBytes(entry.Proof.Span);
            }
            catch (FormatException ex)
            {
                throw new EvidenceException($"a history entry's transaction or proof is malformed: {ex.Message}");
            }

            var verified = VerifyTransfer(entry, transaction.Id);
            if (transaction is not Transfer transfer || (transfer.From != account && transfer.To != account))
            {
                throw new EvidenceException($"history entry {transaction.Id.ToShortHex()} at height {verified.Height} is not a transfer of account {_addresses.Encode(account)}");
            }

            (ulong Height, ulong Index) position = (verified.Height, outcome.Index);
            if (position.CompareTo(bound) >= 0)
            {
                throw new EvidenceException($"history entry {transaction.Id.ToShortHex()} at height {position.Height} index {position.Index} is not before {bound.Height}/{bound.Index} (out of order, repeated, or outside the page asked for)");
            }

            bound = position;
            entries.Add(verified);
        }

        if (response.NextBeforeHeight != 0 && (response.NextBeforeHeight, (ulong)response.NextBeforeIndex).CompareTo(bound) > 0)
        {
            throw new EvidenceException($"the next page's cursor {response.NextBeforeHeight}/{response.NextBeforeIndex} is above the last entry or the page asked for: paging would repeat entries");
        }

        if (response.NextBeforeHeight != 0 && entries.Count == 0 && beforeHeight != 0 && (response.NextBeforeHeight, (ulong)response.NextBeforeIndex).CompareTo((beforeHeight, (ulong)beforeIndex)) >= 0)
        {
            throw new EvidenceException($"the next page's cursor {response.NextBeforeHeight}/{response.NextBeforeIndex} does not move below {beforeHeight}/{beforeIndex}: paging would never end");
        }

        return new VerifiedHistoryPage(entries, response.NextBeforeHeight, response.NextBeforeIndex, response.ScannedFromHeight);
    }
}
