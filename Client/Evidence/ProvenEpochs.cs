using Ledger.Consensus;
using Ledger.Consensus.Messages;
using Ledger.Consensus.Verification;
using Ledger.Epochs;
using Ledger.State;
using QcChainCheck = Ledger.Consensus.Verification.CommitEvidence;

namespace Ledger.Client.Evidence;

/// <summary>
/// The validator sets a wallet has proven from genesis, one per epoch, contiguous from epoch 0
/// (genesis's roster). A set is added only by <see cref="Accept"/> of an epoch-change proof
/// checked against the set before it (docs/PROTOCOL.md, "Epoch-change proofs"), so every set held
/// here is proven from genesis. Holds at most <see cref="MaxEpochs"/> epochs (a key list and a
/// verifier each). Thread-safe.
/// </summary>
public sealed class ProvenEpochs
{
    /// <summary>How many epochs' sets a wallet keeps; a chain past it is refused, never half-proven.</summary>
    public const int MaxEpochs = 10_000;

    private readonly string _chainId;
    private readonly BlockTimeWindow _timeWindow;
    private readonly List<MessageVerifier> _verifiers = [];
    private readonly List<EpochChangeProof> _proofs = [];
    private readonly List<ValidatorRoster> _rosters = [];
    private readonly Lock _lock = new();

    /// <param name="genesisSet">Genesis's validators (epoch 0), in genesis order.</param>
    public ProvenEpochs(string chainId, ValidatorSet genesisSet, QuorumCertificate genesisQc, BlockTimeWindow timeWindow)
    {
        ArgumentNullException.ThrowIfNull(genesisSet);
        _chainId = chainId;
        _timeWindow = timeWindow;
        _verifiers.Add(new MessageVerifier(chainId, genesisSet, Ed25519SignatureVerifier.Instance, genesisQc));
    }

    /// <summary>The highest epoch whose set is proven (0: genesis's only).</summary>
    public ulong Highest
    {
        get
        {
            lock (_lock)
            {
                return (ulong)(_verifiers.Count - 1);
            }
        }
    }

    /// <summary>The proofs accepted so far, epoch 1 first (what a wallet keeps to prove them again at its next start).</summary>
    public IReadOnlyList<EpochChangeProof> Proofs
    {
        get
        {
            lock (_lock)
            {
                return [.. _proofs];
            }
        }
    }

    /// <summary>The roster (organisations, validators, certificates) of a proven epoch after genesis, or null (epoch 0: genesis's own; not proven).</summary>
    public ValidatorRoster? RosterOf(ulong epoch)
    {
        lock (_lock)
        {
            return epoch >= 1 && epoch <= (ulong)_rosters.Count ? _rosters[(int)epoch - 1] : null;
        }
    }

    /// <summary>The verifier of <paramref name="epoch"/>'s proven set, or null when that epoch is not proven.</summary>
    public MessageVerifier? VerifierOf(ulong epoch)
    {
        lock (_lock)
        {
            return epoch < (ulong)_verifiers.Count ? _verifiers[(int)epoch] : null;
        }
    }

    /// <summary>
    /// Checks <paramref name="proof"/> against the highest proven epoch's set and, when it proves
    /// the next epoch, adds that epoch's set; a proof of an epoch already proven is checked the
    /// same way against its predecessor and must name the roster already held. Anything else is
    /// an <see cref="EpochProofException"/> naming the check that failed, and changes nothing.
    /// </summary>
    public void Accept(EpochChangeProof proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        lock (_lock)
        {
            ulong next = (ulong)_verifiers.Count;
            if (proof.Epoch == 0 || proof.Epoch > next)
            {
                throw new EpochProofException(EpochProofFault.NotNextEpoch, proof.Epoch,
                    $"the next epoch to prove is {next} (proven: 0..{next - 1}); a proof may not skip an epoch");
            }

            (ValidatorSet set, ValidatorRoster roster) = Check(proof, _verifiers[(int)proof.Epoch - 1]);
            if (proof.Epoch < next)
            {
                if (set.Keys.SequenceEqual(_verifiers[(int)proof.Epoch].Validators.Keys))
                {
                    return;
                }

                throw new EpochProofException(EpochProofFault.RosterMismatch, proof.Epoch, "it names another set than the one already proven for that epoch");
            }

            if (_verifiers.Count >= MaxEpochs)
            {
                throw new EpochProofException(EpochProofFault.TooManyEpochs, proof.Epoch, $"this wallet keeps at most {MaxEpochs} epochs");
            }

            _verifiers.Add(new MessageVerifier(_chainId, set, Ed25519SignatureVerifier.Instance, null, proof.Epoch));
            _proofs.Add(proof);
            _rosters.Add(roster);
        }
    }

    /// <summary>The checks of one proof against the set of the epoch it ends; returns the new set.</summary>
    private (ValidatorSet Set, ValidatorRoster Roster) Check(EpochChangeProof proof, MessageVerifier ending)
    {
        ulong epoch = proof.Epoch;
        IReadOnlyList<QuorumCertificate> chain;
        ValidatorRoster roster;
        ValidatorSet set;
        try
        {
            CommitCertificate certificate = CommitCertificate.Decode(proof.Certificate);
            chain = certificate.DecodeChain();
            roster = ValidatorRoster.FromBytes(proof.Roster);
            set = new ValidatorSet(roster.Validators.Select(v => v.ConsensusKey));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new EpochProofException(EpochProofFault.Malformed, epoch, e.Message);
        }

        // (1) The commit evidence is of the epoch being ended and proves the block committed with its set.
        QuorumCertificate first = chain[0];
        if (first.Data.Epoch != ending.Epoch)
        {
            throw new EpochProofException(EpochProofFault.EvidenceOfOtherEpoch, epoch,
                $"its commit evidence is signed in epoch {first.Data.Epoch}, the block ending epoch {ending.Epoch} must be certified in epoch {ending.Epoch}");
        }

        if (QcChainCheck.Verify(first.BlockId, chain, ending) is { } error)
        {
            throw new EpochProofException(EpochProofFault.NotCommitted, epoch,
                $"block {first.BlockId.ToShortHex()} at height {first.Height} is not proven committed by epoch {ending.Epoch}'s validators: {error}");
        }

        // (2) The header is the certified state: its root is the one the first QC signs.
        StateHeader header = proof.Header;
        if (header.Root != first.Data.StateRoot || header.Height != first.Height)
        {
            throw new EpochProofException(EpochProofFault.HeaderNotCertified, epoch,
                $"the state header (height {header.Height}, root {header.Root.ToShortHex()}) is not the certified state of block {first.Height} (root {first.Data.StateRoot.ToShortHex()})");
        }

        // (3) That state is in the new epoch: the block is the ending block of the old one.
        if (header.Epoch != epoch)
        {
            throw new EpochProofException(EpochProofFault.HeaderWrongEpoch, epoch,
                $"the certified state of block {header.Height} is in epoch {header.Epoch}, not {epoch}");
        }

        // (4) The roster is the one that state commits.
        if (roster.Root != header.ValidatorsRoot)
        {
            throw new EpochProofException(EpochProofFault.RosterMismatch, epoch,
                $"the roster bytes hash to {roster.Root.ToShortHex()}, the certified header commits validators root {header.ValidatorsRoot.ToShortHex()}");
        }

        if (_timeWindow.CheckTimestamp(header.TimestampMs, first) is { } timeError)
        {
            throw new EpochProofException(EpochProofFault.BlockTime, epoch, $"the certified state header of block {header.Height} {timeError}");
        }

        return (set, roster);
    }
}
