using Ledger.Consensus.Messages;
using Ledger.Crypto;

namespace Ledger.Consensus.Verification;

/// <summary>
/// Checks every signature and structural rule of consensus messages against one epoch's committee
/// and the chain id: a message, certificate or vote of another epoch is invalid here (its
/// signatures cover its epoch, so they could not verify for this one anyway). Each method returns null when the message is valid, or the reason it is not. A QC is
/// valid when it has a quorum of distinct known signers with valid signatures over its vote data;
/// a QC verified once (the same data and signatures) is remembered and not verified again.
/// Not thread-safe (one per replica).
/// </summary>
public sealed class MessageVerifier
{
    private const int CertifiedMemoLimit = 8_192;

    private readonly string _chainId;
    private readonly ValidatorSet _validators;
    private readonly ISignatureVerifier _signatures;
    private readonly QuorumCertificate? _genesisQc;
    private readonly HashSet<Hash32> _certified = [];

    /// <param name="genesisQc">
    /// The epoch's starting certificate: the chain's genesis QC in epoch 0, the epoch-genesis QC
    /// after; null when unknown (a replica restarted above its epoch's first block), and then no
    /// round-0 QC is valid.
    /// </param>
    public MessageVerifier(string chainId, ValidatorSet validators, ISignatureVerifier signatures, QuorumCertificate? genesisQc, ulong epoch = 0)
    {
        if (genesisQc is not null && genesisQc.Data.Epoch != epoch)
        {
            throw new ArgumentException($"the starting QC of epoch {epoch} is of epoch {genesisQc.Data.Epoch}", nameof(genesisQc));
        }

        Epoch = epoch;
        _chainId = chainId;
        _validators = validators;
        _signatures = signatures;
        _genesisQc = genesisQc;
    }

    /// <summary>The epoch whose messages this verifier accepts.</summary>
    public ulong Epoch { get; }

    /// <summary>The validator set of <see cref="Epoch"/>.</summary>
    public ValidatorSet Validators => _validators;

    public string? CheckQc(QuorumCertificate qc)
    {
        if (qc.Data.Epoch != Epoch)
        {
            return $"QC of epoch {qc.Data.Epoch}, this is epoch {Epoch}";
        }

        if (qc.IsGenesis)
        {
            return _genesisQc is not null && qc.Data == _genesisQc.Data && qc.Signatures.Count == 0 ? null : "round-0 QC is not this epoch's starting QC";
        }

        VoteData data = qc.Data;
        if (data.Height == 0 || data.ParentRound >= data.Round)
        {
            return $"QC for round {data.Round} has height {data.Height} and parent round {data.ParentRound}";
        }

        // Remember whole certificates (data and every signature), never just the data: a QC with
        // the same data but forged signatures must not ride on a genuine one into commit evidence.
        var memoKey = new CanonicalWriter();
        memoKey.WriteHash(data.Digest(_chainId));
        foreach (SignerSignature s in qc.Signatures)
        {
            memoKey.WriteU32((uint)s.Signer).WriteI64(s.TimeMs).WriteFixed(s.Signature.Span);
        }

        Hash32 digest = memoKey.Hash();
        if (_certified.Contains(digest))
        {
            return null;
        }

        if (qc.Signatures.Count < _validators.QuorumSize)
        {
            return $"QC has {qc.Signatures.Count} signers, quorum is {_validators.QuorumSize}";
        }

        // Each signer signed the same data with its own clock: only the last eight bytes differ.
        byte[] message = data.SigningBytes(_chainId, 0);
        int previous = -1;
        foreach (SignerSignature s in qc.Signatures)
        {
            if (!_validators.IsValidIndex(s.Signer))
            {
                return $"QC signer {s.Signer} is not a validator";
            }

            if (s.Signer <= previous)
            {
                return "QC signers are not strictly ascending (duplicate or unsorted)";
            }

            previous = s.Signer;
            VoteData.SetVoterTime(message, s.TimeMs);
            if (!_signatures.Verify(_validators.KeyOf(s.Signer), message, s.Signature))
            {
                return $"QC signature of validator {s.Signer} is invalid";
            }
        }

        Remember(digest);
        return null;
    }

    public string? CheckTc(TimeoutCertificate tc)
    {
        if (tc.Epoch != Epoch)
        {
            return $"TC of epoch {tc.Epoch}, this is epoch {Epoch}";
        }

        if (tc.Round == 0)
        {
            return "TC for round 0";
        }

        if (tc.Signatures.Count < _validators.QuorumSize)
        {
            return $"TC has {tc.Signatures.Count} signers, quorum is {_validators.QuorumSize}";
        }

        int previous = -1;
        foreach (TimeoutSignature s in tc.Signatures)
        {
            if (!_validators.IsValidIndex(s.Signer))
            {
                return $"TC signer {s.Signer} is not a validator";
            }

            if (s.Signer <= previous)
            {
                return "TC signers are not strictly ascending (duplicate or unsorted)";
            }

            previous = s.Signer;
            if (s.HighQcRound >= tc.Round)
            {
                return $"TC entry of validator {s.Signer} claims high QC round {s.HighQcRound} >= TC round {tc.Round}";
            }

            if (!_signatures.Verify(_validators.KeyOf(s.Signer), RoundTimeout.SigningBytes(_chainId, Epoch, tc.Round, s.HighQcRound), s.Signature))
            {
                return $"TC signature of validator {s.Signer} is invalid";
            }
        }

        return null;
    }

    /// <summary>Signature and signer of a vote; the vote's QC-worthiness is the caller's business.</summary>
    public string? CheckVote(Vote vote)
    {
        if (vote.Data.Epoch != Epoch)
        {
            return $"vote of epoch {vote.Data.Epoch}, this is epoch {Epoch}";
        }

        if (!_validators.IsValidIndex(vote.Voter))
        {
            return $"voter {vote.Voter} is not a validator";
        }

        if (vote.Data.Round == 0 || vote.Data.ParentRound >= vote.Data.Round || vote.Data.Height == 0)
        {
            return $"vote data for round {vote.Data.Round} is malformed";
        }

        return _signatures.Verify(_validators.KeyOf(vote.Voter), vote.Data.SigningBytes(_chainId, vote.TimeMs), vote.Signature)
            ? null
            : $"vote signature of validator {vote.Voter} is invalid";
    }

    /// <summary>Signature of a timeout and the certificates it carries.</summary>
    public string? CheckTimeout(RoundTimeout timeout)
    {
        if (timeout.Epoch != Epoch)
        {
            return $"timeout of epoch {timeout.Epoch}, this is epoch {Epoch}";
        }

        if (!_validators.IsValidIndex(timeout.Signer))
        {
            return $"timeout signer {timeout.Signer} is not a validator";
        }

        if (timeout.Round == 0 || timeout.HighQc.Round >= timeout.Round)
        {
            return $"timeout for round {timeout.Round} carries high QC round {timeout.HighQc.Round}";
        }

        if (timeout.HighTc is { } tc && tc.Round >= timeout.Round)
        {
            return $"timeout for round {timeout.Round} carries TC for round {tc.Round}";
        }

        if (!_signatures.Verify(_validators.KeyOf(timeout.Signer), RoundTimeout.SigningBytes(_chainId, Epoch, timeout.Round, timeout.HighQc.Round), timeout.Signature))
        {
            return $"timeout signature of validator {timeout.Signer} is invalid";
        }

        return CheckQc(timeout.HighQc) ?? (timeout.HighTc is null ? null : CheckTc(timeout.HighTc));
    }

    /// <summary>
    /// Structure, proposer, signature and justify QC of a block: the proposer is the leader of its
    /// round, the block extends its justify QC at height + 1 in a later round.
    /// </summary>
    public string? CheckBlock(Block block, int maxPayloadBytes)
    {
        if (block.Epoch != Epoch)
        {
            return $"block of epoch {block.Epoch}, this is epoch {Epoch}";
        }

        if (block.Round == 0)
        {
            return "block for round 0";
        }

        if (block.PayloadLength > maxPayloadBytes)
        {
            return $"payload of {block.PayloadLength} bytes exceeds {maxPayloadBytes}";
        }

        if (block.Proposer != _validators.LeaderOf(block.Round))
        {
            return $"block of round {block.Round} proposed by {block.Proposer}, leader is {_validators.LeaderOf(block.Round)}";
        }

        QuorumCertificate justify = block.Justify;
        if (justify.BlockId != block.ParentId || justify.Height + 1 != block.Height || justify.Round >= block.Round)
        {
            return "block does not extend its justify QC (parent, height or round mismatch)";
        }

        if (!_signatures.Verify(_validators.KeyOf(block.Proposer), Block.ProposalSigningBytes(_chainId, block.Id), block.Signature))
        {
            return $"proposal signature of validator {block.Proposer} is invalid";
        }

        return CheckQc(justify);
    }

    /// <summary>A block plus the TC it carries, which must be for the previous round.</summary>
    public string? CheckProposal(Proposal proposal, int maxPayloadBytes)
    {
        if (proposal.LastRoundTc is { } tc && tc.Round + 1 != proposal.Block.Round)
        {
            return $"proposal for round {proposal.Block.Round} carries a TC for round {tc.Round}";
        }

        return CheckBlock(proposal.Block, maxPayloadBytes) ?? (proposal.LastRoundTc is null ? null : CheckTc(proposal.LastRoundTc));
    }

    private void Remember(Hash32 digest)
    {
        if (_certified.Count >= CertifiedMemoLimit)
        {
            _certified.Clear();
        }

        _certified.Add(digest);
    }
}
